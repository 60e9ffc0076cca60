package dev.leakwatch.detect.trend;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The recent points of one resource of one process, kept for a fixed event-time window and capped
 * in count so state stays bounded whatever the sampling rate. Points older than the newest point
 * minus the window are dropped; a point older than the newest one already kept is ignored. When
 * the cap is reached every other point is dropped, so the series still spans the whole window at
 * a coarser resolution.
 */
public final class SlidingSeries {
    private long[] times;
    private double[] values;
    private int size;

    public SlidingSeries(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a series needs room for at least 2 points, got " + capacity);
        }
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    /** Adds a point and drops those that fell out of the window; returns false for an out-of-order point. */
    public boolean add(long timeMillis, double value, long windowMillis) {
        if (size > 0 && timeMillis <= times[size - 1]) {
            return false;
        }
        int firstKept = 0;
        long oldestAllowed = timeMillis - windowMillis;
        while (firstKept < size && times[firstKept] < oldestAllowed) {
            firstKept++;
        }
        if (firstKept > 0) {
            System.arraycopy(times, firstKept, times, 0, size - firstKept);
            System.arraycopy(values, firstKept, values, 0, size - firstKept);
            size -= firstKept;
        }
        if (size == times.length) {
            halveResolution();
        }
        times[size] = timeMillis;
        values[size] = value;
        size++;
        return true;
    }

    /** Keeps the oldest point and every second one after it. */
    private void halveResolution() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            times[kept] = times[i];
            values[kept] = values[i];
            kept++;
        }
        size = kept;
    }

    public int size() {
        return size;
    }

    public long newestTime() {
        requireNotEmpty();
        return times[size - 1];
    }

    public double newestValue() {
        requireNotEmpty();
        return values[size - 1];
    }

    public long spanMillis() {
        return size < 2 ? 0 : times[size - 1] - times[0];
    }

    /** The least-squares fit of every point kept. */
    public Optional<LinearFit> fit() {
        return fitRange(0, size);
    }

    /** Fits of the older and the newer half, to tell a steady climb from one that levels off. */
    public Optional<LinearFit> fitOlderHalf() {
        return fitRange(0, size / 2 + 1);
    }

    public Optional<LinearFit> fitNewerHalf() {
        return fitRange(size / 2, size);
    }

    private Optional<LinearFit> fitRange(int from, int to) {
        if (to - from < 2) {
            return Optional.empty();
        }
        double[] seconds = new double[size];
        long origin = times[0];
        for (int i = 0; i < size; i++) {
            seconds[i] = (times[i] - origin) / 1000.0;
        }
        return LinearFit.of(seconds, values, from, to);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeShort(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(times[i]);
            out.writeDouble(values[i]);
        }
    }

    public static SlidingSeries readFrom(DataInput in, int capacity) throws IOException {
        SlidingSeries series = new SlidingSeries(capacity);
        int stored = in.readShort();
        for (int i = 0; i < stored; i++) {
            long time = in.readLong();
            double value = in.readDouble();
            if (series.size == capacity) {
                // capacity shrank since the state was written: keep the newest points
                series.dropOldest();
            }
            series.times[series.size] = time;
            series.values[series.size] = value;
            series.size++;
        }
        return series;
    }

    private void dropOldest() {
        System.arraycopy(times, 1, times, 0, size - 1);
        System.arraycopy(values, 1, values, 0, size - 1);
        size--;
    }

    private void requireNotEmpty() {
        if (size == 0) {
            throw new IllegalStateException("the series is empty");
        }
    }

    @Override
    public String toString() {
        return "SlidingSeries" + Arrays.toString(Arrays.copyOf(values, size));
    }
}
