package dev.leakwatch.sim.baseline;

import java.util.OptionalDouble;

/**
 * PromQL's least-squares line, computed the way Prometheus computes it for {@code deriv} and
 * {@code predict_linear}: x is seconds relative to the evaluation time, the four sums use
 * Kahan-Neumaier compensation, a series that never changes has slope 0, and
 * {@code slope = (Σxy − ΣxΣy/n) / (Σx² − (Σx)²/n)}.
 */
public final class PromRegression {
    private PromRegression() {
    }

    /** Slope per second and the line's value at {@code interceptTime}. */
    public record Line(double slopePerSecond, double intercept) {
    }

    /**
     * The line through points {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IllegalArgumentException when fewer than two points are given (PromQL returns nothing then)
     */
    public static Line fit(long[] timesMillis, double[] values, int from, int to, long interceptTimeMillis) {
        if (to - from < 2) {
            throw new IllegalArgumentException("a regression needs at least 2 points, got " + (to - from));
        }
        double n = 0;
        Compensated sumX = new Compensated();
        Compensated sumY = new Compensated();
        Compensated sumXY = new Compensated();
        Compensated sumX2 = new Compensated();
        double first = values[from];
        boolean constant = true;
        for (int i = from; i < to; i++) {
            double y = values[i];
            if (constant && i > from && y != first) {
                constant = false;
            }
            n += 1;
            double x = (timesMillis[i] - interceptTimeMillis) / 1e3;
            sumX.add(x);
            sumY.add(y);
            sumXY.add(x * y);
            sumX2.add(x * x);
        }
        if (constant) {
            return Double.isInfinite(first) ? new Line(Double.NaN, Double.NaN) : new Line(0, first);
        }
        double sx = sumX.total();
        double sy = sumY.total();
        double covXY = sumXY.total() - sx * sy / n;
        double varX = sumX2.total() - sx * sx / n;
        double slope = covXY / varX;
        return new Line(slope, sy / n - slope * sx / n);
    }

    /** {@code predict_linear(v[range], horizon)} at {@code evalTime}: the line's value {@code horizonSeconds} after it. */
    public static OptionalDouble predictLinear(long[] timesMillis, double[] values, int from, int to, long evalTimeMillis,
                                               double horizonSeconds) {
        if (to - from < 2) {
            return OptionalDouble.empty();
        }
        Line line = fit(timesMillis, values, from, to, evalTimeMillis);
        return OptionalDouble.of(line.slopePerSecond() * horizonSeconds + line.intercept());
    }

    /** Neumaier's compensated sum, as PromQL's kahanSumInc. */
    private static final class Compensated {
        private double sum;
        private double compensation;

        void add(double increment) {
            double t = sum + increment;
            if (Double.isInfinite(t)) {
                compensation = 0;
            } else if (Math.abs(sum) >= Math.abs(increment)) {
                compensation += (sum - t) + increment;
            } else {
                compensation += (increment - t) + sum;
            }
            sum = t;
        }

        double total() {
            return sum + compensation;
        }
    }
}
