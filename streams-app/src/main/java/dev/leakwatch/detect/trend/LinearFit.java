package dev.leakwatch.detect.trend;

import java.util.Optional;

/**
 * An ordinary least-squares line through (time, value) points. Times are seconds relative to an
 * origin chosen by the caller, which keeps the sums small and the arithmetic exact enough.
 */
public record LinearFit(double slopePerSecond, double intercept, double rSquared, int points, double spanSeconds) {

    /**
     * Fits the first {@code n} points. Empty when fewer than two points or all at one instant.
     * A series that does not vary at all has slope 0 and R² 0: no trend explains it.
     */
    public static Optional<LinearFit> of(double[] seconds, double[] values, int from, int to) {
        int n = to - from;
        if (n < 2) {
            return Optional.empty();
        }
        double meanT = 0;
        double meanV = 0;
        for (int i = from; i < to; i++) {
            meanT += seconds[i];
            meanV += values[i];
        }
        meanT /= n;
        meanV /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = from; i < to; i++) {
            double dt = seconds[i] - meanT;
            double dv = values[i] - meanV;
            sxx += dt * dt;
            sxy += dt * dv;
            syy += dv * dv;
        }
        if (sxx == 0) {
            return Optional.empty();
        }
        double slope = sxy / sxx;
        double rSquared = syy == 0 ? 0 : (sxy * sxy) / (sxx * syy);
        return Optional.of(new LinearFit(slope, meanV - slope * meanT, rSquared, n, seconds[to - 1] - seconds[from]));
    }

    public double valueAt(double seconds) {
        return intercept + slopePerSecond * seconds;
    }

    public double slopePerHour() {
        return slopePerSecond * 3600;
    }
}
