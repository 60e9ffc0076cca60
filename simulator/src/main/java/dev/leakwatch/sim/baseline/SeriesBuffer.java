package dev.leakwatch.sim.baseline;

import java.util.Arrays;

/** One time series' recent samples in time order, as a range selector sees them; old ones are pruned. */
final class SeriesBuffer {
    long[] times = new long[16];
    double[] values = new double[16];
    private int start;
    private int end;

    /** Appends a sample; an older or equal timestamp is rejected, as Prometheus rejects out-of-order samples. */
    boolean add(long time, double value) {
        if (end > start && time <= times[end - 1]) {
            return false;
        }
        if (end == times.length) {
            if (start > times.length / 2) {
                System.arraycopy(times, start, times, 0, end - start);
                System.arraycopy(values, start, values, 0, end - start);
                end -= start;
                start = 0;
            } else {
                times = Arrays.copyOf(times, times.length * 2);
                values = Arrays.copyOf(values, values.length * 2);
            }
        }
        times[end] = time;
        values[end] = value;
        end++;
        return true;
    }

    /** Drops samples at or before {@code time}. */
    void pruneThrough(long time) {
        while (start < end && times[start] <= time) {
            start++;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    boolean isEmpty() {
        return start == end;
    }

    /** Index of the first sample after {@code time}. */
    int firstAfter(long time) {
        int lo = start;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the last sample at or before {@code time}, or -1. */
    int lastAtOrBefore(long time) {
        int index = firstAfter(time) - 1;
        return index >= start ? index : -1;
    }
}
