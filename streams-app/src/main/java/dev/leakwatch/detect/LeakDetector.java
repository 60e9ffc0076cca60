package dev.leakwatch.detect;

/**
 * The detector's entry point: creates and restores per-process state with one shared, reusable
 * trend judge. Not thread-safe: one per stream task (or per replay).
 */
public final class LeakDetector {
    private final DetectorSettings settings;
    private final TrendJudge judge;

    public LeakDetector(DetectorSettings settings) {
        this.settings = settings;
        this.judge = new TrendJudge(settings);
    }

    public DetectorSettings settings() {
        return settings;
    }

    public ProcessDetector newProcess() {
        return new ProcessDetector(settings, judge);
    }

    public ProcessDetector restore(byte[] state) {
        return ProcessDetector.fromBytes(state, settings, judge);
    }
}
