package dev.leakwatch.detect;

/**
 * The detector's entry point: creates and restores per-process state sharing one workspace (fit
 * arrays, an encode buffer). Not thread-safe: one per stream task (or per replay).
 */
public final class LeakDetector {
    private final DetectorSettings settings;
    private final Workspace workspace;

    public LeakDetector(DetectorSettings settings) {
        this.settings = settings;
        this.workspace = new Workspace(settings);
    }

    public DetectorSettings settings() {
        return settings;
    }

    public ProcessDetector newProcess() {
        return new ProcessDetector(settings, workspace);
    }

    public ProcessDetector restore(byte[] state) {
        return ProcessDetector.fromBytes(state, settings, workspace);
    }
}
