package dev.leakwatch.detect.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import org.junit.jupiter.api.Test;

class SlidingSeriesTest {

    @Test
    void dropsPointsOlderThanTheWindow() {
        SlidingSeries series = new SlidingSeries(100);
        for (int second = 0; second <= 100; second += 10) {
            series.add(second * 1000L, second, 30_000);
        }
        assertThat(series.size()).isEqualTo(4); // 70, 80, 90, 100
        assertThat(series.spanMillis()).isEqualTo(30_000);
        assertThat(series.newestValue()).isEqualTo(100);
    }

    @Test
    void keepsAtMostItsCapacityButStillSpansTheWindow() {
        SlidingSeries series = new SlidingSeries(8);
        for (int i = 0; i <= 100; i++) {
            series.add(i * 1000L, i, 1_000_000);
            assertThat(series.size()).isLessThanOrEqualTo(8);
        }
        assertThat(series.spanMillis()).isEqualTo(100_000);
        assertThat(series.newestTime()).isEqualTo(100_000);
        assertThat(series.fit().orElseThrow().slopePerSecond()).isCloseTo(0.001 * 1000, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void ignoresOutOfOrderAndDuplicatePoints() {
        SlidingSeries series = new SlidingSeries(10);
        assertThat(series.add(2000, 1, 60_000)).isTrue();
        assertThat(series.add(1000, 5, 60_000)).isFalse();
        assertThat(series.add(2000, 5, 60_000)).isFalse();
        assertThat(series.size()).isEqualTo(1);
    }

    @Test
    void survivesABinaryRoundTrip() throws Exception {
        SlidingSeries series = new SlidingSeries(10);
        for (int i = 0; i < 5; i++) {
            series.add(i * 1000L, i * 2.5, 60_000);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        series.writeTo(new DataOutputStream(bytes));
        SlidingSeries copy = SlidingSeries.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3);
        assertThat(copy.size()).isEqualTo(3);
        assertThat(copy.newestValue()).isEqualTo(10);
        assertThat(copy.fit().orElseThrow().slopePerSecond()).isEqualTo(2.5);
    }

    @Test
    void rejectsATooSmallCapacity() {
        assertThatThrownBy(() -> new SlidingSeries(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
    }
}
