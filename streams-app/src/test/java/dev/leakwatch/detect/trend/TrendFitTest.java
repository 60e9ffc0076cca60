package dev.leakwatch.detect.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrendFitTest {

    @Test
    void matchesHandComputedLeastSquares() {
        // (0,1) (1,3) (2,2) (3,5): Sxy 5.5, Sxx 5, Syy 8.75 -> slope 1.1, intercept 1.1
        TrendFit fit = TrendFit.of(new double[] {0, 1, 2, 3}, new double[] {1, 3, 2, 5}, 0, 4, false).orElseThrow();
        assertThat(fit.slopePerSecond()).isCloseTo(1.1, within(1e-12));
        assertThat(fit.rSquared()).isCloseTo(5.5 * 5.5 / (5 * 8.75), within(1e-12));
        assertThat(fit.fittedAtEnd()).isCloseTo(1.1 + 3 * 1.1, within(1e-12));
        // residuals -0.1, 0.8, -1.3, 0.6: SSres 2.7, sigma^2 1.35, SE(slope) sqrt(1.35/5)
        assertThat(fit.tStatistic()).isCloseTo(1.1 / Math.sqrt(1.35 / 5), within(1e-9));
        assertThat(fit.spanSeconds()).isEqualTo(3);
    }

    @Test
    void aDailyCycleIsNotTakenForATrend() {
        int n = 72;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 3600.0 + 1800;
            v[i] = 1000 + 300 * Math.sin(2 * Math.PI * t[i] / 86_400 + 0.7);
        }
        TrendFit withCycle = TrendFit.of(t, v, 0, 60, true).orElseThrow();
        assertThat(withCycle.slopePerHour()).isCloseTo(0, within(1e-6));
        assertThat(withCycle.rSquared()).isCloseTo(1, within(1e-9));
    }

    @Test
    void findsASlowTrendUnderADailyCycle() {
        int n = 72;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 3600.0;
            v[i] = 1000 + 2 * i + 300 * Math.cos(2 * Math.PI * t[i] / 86_400);
        }
        assertThat(TrendFit.of(t, v, 0, n, true).orElseThrow().slopePerHour()).isCloseTo(2, within(1e-6));
    }

    @Test
    void curvatureTellsLevellingOffFromAStraightOrAcceleratingClimb() {
        int n = 40;
        double[] t = new double[n];
        double[] saturating = new double[n];
        double[] straight = new double[n];
        double[] accelerating = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 60.0;
            saturating[i] = 1000 * (1 - Math.exp(-i / 15.0)) + (i % 3);
            straight[i] = 10 * i + (i % 3);
            accelerating[i] = 0.5 * i * i + (i % 3);
        }
        assertThat(TrendFit.curvatureT(t, saturating, 0, n)).isLessThan(-10);
        assertThat(TrendFit.curvatureT(t, straight, 0, n)).isBetween(-3.0, 3.0);
        assertThat(TrendFit.curvatureT(t, accelerating, 0, n)).isGreaterThan(10);
    }

    @Test
    void needsMorePointsThanParameters() {
        assertThat(TrendFit.of(new double[] {0, 1}, new double[] {1, 2}, 0, 2, false)).isEmpty();
        assertThat(TrendFit.of(new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4}, 0, 4, true)).isEmpty();
    }

    @Test
    void aPerfectLineHasAnInfiniteTStatistic() {
        TrendFit fit = TrendFit.of(new double[] {0, 10, 20}, new double[] {100, 150, 200}, 0, 3, false).orElseThrow();
        assertThat(fit.tStatistic()).isInfinite();
        assertThat(fit.slopePerHour()).isCloseTo(18000, within(1e-9));
    }
}
