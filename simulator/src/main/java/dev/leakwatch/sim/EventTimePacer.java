package dev.leakwatch.sim;

/**
 * Holds event time to wall time at a fixed speed: {@code speed} 1 is real time, 1440 is a day per
 * minute, infinity is as fast as possible.
 */
public final class EventTimePacer {
    private final double speed;
    private final long eventOrigin;
    private final long wallOriginNanos;

    public EventTimePacer(double speed, long eventOriginMillis) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive (or infinite for as fast as possible), got " + speed);
        }
        this.speed = speed;
        this.eventOrigin = eventOriginMillis;
        this.wallOriginNanos = System.nanoTime();
    }

    /** Sleeps until the wall clock has caught up with {@code eventTimeMillis}. */
    public void awaitEventTime(long eventTimeMillis) throws InterruptedException {
        if (Double.isInfinite(speed)) {
            return;
        }
        long dueNanos = wallOriginNanos + (long) ((eventTimeMillis - eventOrigin) * 1e6 / speed);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
