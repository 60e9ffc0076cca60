package dev.leakwatch.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed ordinary least squares, as PromQL's predict_linear does it. */
class PromRegressionTest {
    private static final double EXACT = 1e-9;

    @Test
    void threePointsFitAsComputedByHand() {
        // x = -120, -60, 0 s (relative to T); y = 10, 12, 15
        // mean x = -60, mean y = 37/3; Sxy = (-60)(-7/3) + 0 + 60(8/3) = 300; Sxx = 7200
        // slope = 300/7200 = 1/24 per second; value at T = 37/3 + 60/24 = 14.8333...
        long[] t = {-120_000, -60_000, 0};
        double[] v = {10, 12, 15};
        PromRegression.Line line = PromRegression.fit(t, v, 0, 3, 0);
        assertThat(line.slopePerSecond()).isCloseTo(1.0 / 24, within(EXACT));
        assertThat(line.intercept()).isCloseTo(37.0 / 3 + 2.5, within(EXACT));
        // predict_linear(v[..], 3600) = 14.8333 + 3600/24
        assertThat(PromRegression.predictLinear(t, v, 0, 3, 0, 3600).getAsDouble()).isCloseTo(37.0 / 3 + 2.5 + 150, within(EXACT));
    }

    @Test
    void theInterceptIsTakenAtTheEvaluationTimeNotAtTheLastSample() {
        long[] t = {-120_000, -60_000, 0};
        double[] v = {10, 12, 15};
        // evaluated 60 s after the newest sample: the line is extrapolated 60 s further
        PromRegression.Line line = PromRegression.fit(t, v, 0, 3, 60_000);
        assertThat(line.intercept()).isCloseTo(37.0 / 3 + 2.5 + 60.0 / 24, within(EXACT));
        assertThat(PromRegression.predictLinear(t, v, 0, 3, 60_000, 10).getAsDouble())
                .isCloseTo(37.0 / 3 + 2.5 + 70.0 / 24, within(EXACT));
    }

    @Test
    void fourNoisyPointsFitAsComputedByHand() {
        // x = -3, -2, -1, 0; y = 1, 3, 2, 5; mean x = -1.5, mean y = 2.75
        // Sxy = 2.625 - 0.125 - 0.375 + 3.375 = 5.5; Sxx = 5; slope 1.1; at x=0: 2.75 + 1.65 = 4.4
        long[] t = {1_000, 2_000, 3_000, 4_000};
        double[] v = {1, 3, 2, 5};
        assertThat(PromRegression.fit(t, v, 0, 4, 4_000).slopePerSecond()).isCloseTo(1.1, within(EXACT));
        assertThat(PromRegression.predictLinear(t, v, 0, 4, 4_000, 10).getAsDouble()).isCloseTo(4.4 + 11, within(EXACT));
    }

    @Test
    void onlyTheGivenSliceIsFitted() {
        long[] t = {0, 1_000, 2_000, 3_000, 4_000, 5_000};
        double[] v = {100, 1, 3, 2, 5, -100};
        assertThat(PromRegression.fit(t, v, 1, 5, 4_000).slopePerSecond()).isCloseTo(1.1, within(EXACT));
    }

    @Test
    void aConstantSeriesHasSlopeZeroAndItsValue() {
        long[] t = {0, 60_000, 120_000};
        double[] v = {7, 7, 7};
        PromRegression.Line line = PromRegression.fit(t, v, 0, 3, 500_000);
        assertThat(line.slopePerSecond()).isZero();
        assertThat(line.intercept()).isEqualTo(7);
    }

    @Test
    void fewerThanTwoPointsPredictNothing() {
        long[] t = {0};
        double[] v = {1};
        assertThat(PromRegression.predictLinear(t, v, 0, 1, 0, 60)).isEmpty();
        assertThatThrownBy(() -> PromRegression.fit(t, v, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeByteValuesKeepTheirSlope() {
        // 6 h of minutely samples near 8 GiB growing 1 MiB per minute: compensated sums keep the slope exact enough
        int n = 360;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_767_225_600_000L + i * 60_000L;
            v[i] = 8.0 * (1L << 30) + i * (double) (1L << 20);
        }
        PromRegression.Line line = PromRegression.fit(t, v, 0, n, t[n - 1]);
        assertThat(line.slopePerSecond()).isCloseTo((1L << 20) / 60.0, within(1e-3));
        assertThat(line.intercept()).isCloseTo(v[n - 1], within(1.0));
    }
}
