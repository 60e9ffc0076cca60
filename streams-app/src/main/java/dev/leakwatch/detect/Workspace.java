package dev.leakwatch.detect;

import java.nio.ByteBuffer;

/**
 * Scratch space shared by every process a {@link LeakDetector} handles, so the per-sample path
 * allocates little: the judge's fit arrays and one buffer to encode state into.
 */
final class Workspace {
    final TrendJudge judge;
    private final ByteBuffer encodeBuffer;

    Workspace(DetectorSettings settings) {
        this.judge = new TrendJudge(settings);
        int perTrack = new ResourceTrack(LeakResource.MEMORY_RSS, settings.scales()).maxEncodedBytes();
        this.encodeBuffer = ByteBuffer.allocate(64 + ProcessLabels.UNKNOWN.maxEncodedBytes() + LeakResource.values().length * perTrack);
    }

    ByteBuffer encodeBuffer() {
        return encodeBuffer.clear();
    }
}
