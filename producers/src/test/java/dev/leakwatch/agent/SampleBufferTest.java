package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SampleBufferTest {
    private static final int RECORD = 10 + SampleBuffer.OVERHEAD_BYTES;

    @Test
    void dropsTheOldestWaitingRecordsWhenANewOneDoesNotFit() throws Exception {
        final SampleBuffer buffer = new SampleBuffer(3 * RECORD, 100 * RECORD);
        for (int i = 1; i <= 5; i++) {
            buffer.add(entry(i));
        }

        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(buffer.droppedBytes()).isEqualTo(2L * RECORD);
        assertThat(buffer.waitingBytes()).isEqualTo(3L * RECORD);
        assertThat(takeAll(buffer)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void letsNoMoreThanTheWindowBeInFlightButAlwaysOneRecord() throws Exception {
        final SampleBuffer buffer = new SampleBuffer(100 * RECORD, RECORD / 2);
        buffer.add(entry(1));
        buffer.add(entry(2));

        final SampleBuffer.Entry first = buffer.take(0);
        assertThat(first.timestamp()).as("a record larger than the window still goes, alone").isEqualTo(1);
        assertThat(buffer.take(TimeUnit.MILLISECONDS.toNanos(50))).isNull();

        buffer.settled(first);
        assertThat(buffer.take(0).timestamp()).isEqualTo(2);
    }

    @Test
    void aRecordPutBackIsTheOldestAgain() throws Exception {
        final SampleBuffer buffer = new SampleBuffer(100 * RECORD, 100 * RECORD);
        buffer.add(entry(1));
        buffer.add(entry(2));

        final SampleBuffer.Entry refused = buffer.take(0);
        buffer.putBack(refused);

        assertThat(buffer.inFlightBytes()).isZero();
        assertThat(takeAll(buffer)).containsExactly(1L, 2L);
    }

    @Test
    void isEmptyOnlyWhenNothingWaitsAndNothingIsInFlight() throws Exception {
        final SampleBuffer buffer = new SampleBuffer(100 * RECORD, 100 * RECORD);
        buffer.add(entry(1));
        final SampleBuffer.Entry inFlight = buffer.take(0);

        assertThat(buffer.awaitEmpty(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        buffer.settled(inFlight);
        assertThat(buffer.awaitEmpty(System.nanoTime())).isTrue();
    }

    @Test
    void discardingAtShutdownCountsAsDropped() {
        final SampleBuffer buffer = new SampleBuffer(100 * RECORD, 100 * RECORD);
        buffer.add(entry(1));
        buffer.add(entry(2));

        assertThat(buffer.discardWaiting()).isEqualTo(2);
        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(buffer.waitingRecords()).isZero();
    }

    private static SampleBuffer.Entry entry(long timestamp) {
        return new SampleBuffer.Entry(timestamp, "abcd", new byte[6]);
    }

    private static List<Long> takeAll(SampleBuffer buffer) throws InterruptedException {
        final List<Long> taken = new ArrayList<>();
        SampleBuffer.Entry entry;
        while ((entry = buffer.take(0)) != null) {
            taken.add(entry.timestamp());
            buffer.settled(entry);
        }
        return taken;
    }
}
