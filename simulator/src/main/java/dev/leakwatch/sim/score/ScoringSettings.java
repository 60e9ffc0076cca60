package dev.leakwatch.sim.score;

import java.time.Duration;

/**
 * When a leak counts towards recall. A leak is scored when it was watched after its onset for at
 * least {@code minObserved}, or for at least {@code minObservedShareOfLife} of its life (a leak
 * that exhausts in 40 minutes is scored after 20): a leak whose process was restarted or whose
 * simulation ended minutes after onset cannot fairly be asked of any detector.
 */
public record ScoringSettings(Duration minObserved, double minObservedShareOfLife) {
    public ScoringSettings {
        if (minObserved == null || minObserved.isNegative()) {
            throw new IllegalArgumentException("minObserved must be zero or positive");
        }
        if (!(minObservedShareOfLife >= 0 && minObservedShareOfLife <= 1)) {
            throw new IllegalArgumentException("minObservedShareOfLife must be within 0..1, got " + minObservedShareOfLife);
        }
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(Duration.ofHours(2), 0.5);
    }
}
