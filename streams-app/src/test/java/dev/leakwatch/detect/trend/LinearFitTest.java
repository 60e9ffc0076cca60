package dev.leakwatch.detect.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void matchesHandComputedLeastSquares() {
        // points (0,1) (1,3) (2,2) (3,5): mean t 1.5, mean v 2.75, Sxy 5.5, Sxx 5, Syy 8.75
        double[] t = {0, 1, 2, 3};
        double[] v = {1, 3, 2, 5};
        LinearFit fit = LinearFit.of(t, v, 0, 4).orElseThrow();
        assertThat(fit.slopePerSecond()).isCloseTo(1.1, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(1.1, within(1e-12));
        assertThat(fit.rSquared()).isCloseTo(5.5 * 5.5 / (5 * 8.75), within(1e-12));
        assertThat(fit.spanSeconds()).isEqualTo(3);
        assertThat(fit.valueAt(10)).isCloseTo(12.1, within(1e-12));
    }

    @Test
    void perfectLineHasRSquaredOne() {
        double[] t = {0, 10, 20};
        double[] v = {100, 150, 200};
        LinearFit fit = LinearFit.of(t, v, 0, 3).orElseThrow();
        assertThat(fit.slopePerSecond()).isCloseTo(5, within(1e-12));
        assertThat(fit.slopePerHour()).isCloseTo(18000, within(1e-9));
        assertThat(fit.rSquared()).isCloseTo(1, within(1e-12));
    }

    @Test
    void flatSeriesHasNoSlopeAndNoExplainedVariance() {
        LinearFit fit = LinearFit.of(new double[] {0, 1, 2}, new double[] {7, 7, 7}, 0, 3).orElseThrow();
        assertThat(fit.slopePerSecond()).isZero();
        assertThat(fit.rSquared()).isZero();
    }

    @Test
    void needsTwoDistinctInstants() {
        assertThat(LinearFit.of(new double[] {5}, new double[] {1}, 0, 1)).isEmpty();
        assertThat(LinearFit.of(new double[] {5, 5}, new double[] {1, 2}, 0, 2)).isEmpty();
    }

    @Test
    void fitsOnlyTheRequestedRange() {
        double[] t = {0, 1, 2, 3, 4};
        double[] v = {0, 0, 0, 10, 20};
        assertThat(LinearFit.of(t, v, 2, 5).orElseThrow().slopePerSecond()).isCloseTo(10, within(1e-12));
    }
}
