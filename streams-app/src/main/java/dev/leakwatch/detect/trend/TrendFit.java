package dev.leakwatch.detect.trend;

import java.util.Optional;

/**
 * A least-squares trend through (seconds, value) points: {@code v = a + b·t}, optionally with a
 * daily cycle {@code + c·sin(2πt/day) + d·cos(2πt/day)} so that a day's load curve is not taken
 * for growth.
 *
 * @param slopePerSecond the trend b
 * @param rSquared       share of the variance the whole model explains (0 when the values do not vary)
 * @param tStatistic     b divided by its standard error; large means the trend is not noise
 *                       ({@link Double#POSITIVE_INFINITY} for a perfect fit)
 * @param fittedAtEnd    the model's value at the newest point
 */
public record TrendFit(double slopePerSecond, double rSquared, double tStatistic, int points, double spanSeconds,
                       double fittedAtEnd) {
    private static final double DAY_SECONDS = 86_400;

    public double slopePerHour() {
        return slopePerSecond * 3600;
    }

    /** Fits points {@code from} (inclusive) to {@code to} (exclusive); empty when the model is underdetermined. */
    public static Optional<TrendFit> of(double[] seconds, double[] values, int from, int to, boolean dailyCycle) {
        int columns = dailyCycle ? 4 : 2;
        int n = to - from;
        if (n < columns + 1) {
            return Optional.empty();
        }
        double origin = seconds[from];
        double[][] normal = new double[columns][columns + 1];
        double[] row = new double[columns];
        double meanV = 0;
        for (int i = from; i < to; i++) {
            fillRow(row, seconds[i] - origin, seconds[i], dailyCycle);
            for (int r = 0; r < columns; r++) {
                for (int c = 0; c < columns; c++) {
                    normal[r][c] += row[r] * row[c];
                }
                normal[r][columns] += row[r] * values[i];
            }
            meanV += values[i];
        }
        meanV /= n;
        double[][] inverse = invert(normal, columns);
        if (inverse == null) {
            return Optional.empty();
        }
        double[] beta = new double[columns];
        for (int r = 0; r < columns; r++) {
            for (int c = 0; c < columns; c++) {
                beta[r] += inverse[r][c] * normal[c][columns];
            }
        }
        double ssRes = 0;
        double ssTot = 0;
        double last = 0;
        for (int i = from; i < to; i++) {
            fillRow(row, seconds[i] - origin, seconds[i], dailyCycle);
            double fitted = 0;
            for (int c = 0; c < columns; c++) {
                fitted += beta[c] * row[c];
            }
            ssRes += (values[i] - fitted) * (values[i] - fitted);
            ssTot += (values[i] - meanV) * (values[i] - meanV);
            last = fitted;
        }
        double rSquared = ssTot == 0 ? 0 : Math.max(0, 1 - ssRes / ssTot);
        double residualVariance = ssRes / (n - columns);
        double slopeError = Math.sqrt(residualVariance * inverse[1][1]);
        double t = slopeError == 0 ? (beta[1] == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, beta[1])) : beta[1] / slopeError;
        return Optional.of(new TrendFit(beta[1], rSquared, t, n, seconds[to - 1] - seconds[from], last));
    }

    /**
     * How many standard errors the curvature of a quadratic fit lies from zero: clearly negative for
     * a climb that levels off, near zero for a straight climb, positive for one that accelerates.
     * 0 when there are too few points.
     */
    public static double curvatureT(double[] seconds, double[] values, int from, int to) {
        int n = to - from;
        if (n < 5) {
            return 0;
        }
        double origin = seconds[from];
        double span = Math.max(1e-9, seconds[to - 1] - origin);
        double[][] normal = new double[3][4];
        double[] row = new double[3];
        for (int i = from; i < to; i++) {
            double x = (seconds[i] - origin) / span;
            row[0] = 1;
            row[1] = x;
            row[2] = x * x;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    normal[r][c] += row[r] * row[c];
                }
                normal[r][3] += row[r] * values[i];
            }
        }
        double[][] inverse = invert(normal, 3);
        if (inverse == null) {
            return 0;
        }
        double[] beta = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                beta[r] += inverse[r][c] * normal[c][3];
            }
        }
        double ssRes = 0;
        for (int i = from; i < to; i++) {
            double x = (seconds[i] - origin) / span;
            double residual = values[i] - (beta[0] + beta[1] * x + beta[2] * x * x);
            ssRes += residual * residual;
        }
        double error = Math.sqrt(ssRes / (n - 3) * inverse[2][2]);
        if (error == 0) {
            return beta[2] == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, beta[2]);
        }
        return beta[2] / error;
    }

    private static void fillRow(double[] row, double relative, double absolute, boolean dailyCycle) {
        row[0] = 1;
        row[1] = relative;
        if (dailyCycle) {
            double angle = 2 * Math.PI * absolute / DAY_SECONDS;
            row[2] = Math.sin(angle);
            row[3] = Math.cos(angle);
        }
    }

    /** Gauss-Jordan inverse of the square part of {@code m}; null when singular. */
    private static double[][] invert(double[][] m, int size) {
        double[][] a = new double[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(m[r], 0, a[r], 0, size);
            a[r][size + r] = 1;
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            for (int r = col + 1; r < size; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12 * Math.max(1, Math.abs(a[0][0]))) {
                return null;
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double scale = a[col][col];
            for (int c = 0; c < 2 * size; c++) {
                a[col][c] /= scale;
            }
            for (int r = 0; r < size; r++) {
                if (r != col && a[r][col] != 0) {
                    double factor = a[r][col];
                    for (int c = 0; c < 2 * size; c++) {
                        a[r][c] -= factor * a[col][c];
                    }
                }
            }
        }
        double[][] inverse = new double[size][size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(a[r], size, inverse[r], 0, size);
        }
        return inverse;
    }
}
