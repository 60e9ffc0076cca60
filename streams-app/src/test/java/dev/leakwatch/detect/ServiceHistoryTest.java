package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.trend.VarInts;

class ServiceHistoryTest {
    private static final long HOUR = 3_600_000;
    private static final long WEEK = 7 * 24 * HOUR;
    private static final int MEMORY = LeakResource.MEMORY_RSS.ordinal();
    private static final int FDS = LeakResource.OPEN_FDS.ordinal();
    private static final long GIB = 1L << 30;

    @Test
    void aLevelHeldIsKnownUnderTheSameLimitFromTheMomentItsIncarnationWasFoundGone() {
        ServiceHistory history = ServiceHistory.empty().after(10 * HOUR, ending(MEMORY, 700, GIB));

        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 10 * HOUR, WEEK)).isEqualTo(700);
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 10 * HOUR - 1, WEEK)).as("not yet ended").isEqualTo(ServiceHistory.NONE);
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, 2 * GIB, 11 * HOUR, WEEK)).as("another limit").isEqualTo(ServiceHistory.NONE);
        assertThat(history.highestHeld(LeakResource.OPEN_FDS, 1024, 11 * HOUR, WEEK)).as("never told").isEqualTo(ServiceHistory.NONE);
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 10 * HOUR + WEEK + 1, WEEK)).as("too old").isEqualTo(ServiceHistory.NONE);
    }

    @Test
    void anEndingThatClimbedClearsTheLevelAndOneThatCannotTellKeepsIt() {
        ServiceHistory history = ServiceHistory.empty()
                .after(HOUR, ending(MEMORY, 700, GIB))
                .after(2 * HOUR, ending(FDS, 300, 1024)); // memory: nothing to tell
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 3 * HOUR, WEEK)).isEqualTo(700);
        assertThat(history.highestHeld(LeakResource.OPEN_FDS, 1024, 3 * HOUR, WEEK)).isEqualTo(300);

        ServiceHistory cleared = history.after(4 * HOUR, ending(MEMORY, ServiceHistory.CLIMBED, GIB));
        assertThat(cleared.highestHeld(LeakResource.MEMORY_RSS, GIB, 5 * HOUR, WEEK)).isEqualTo(ServiceHistory.NONE);
        assertThat(cleared.highestHeld(LeakResource.OPEN_FDS, 1024, 5 * HOUR, WEEK)).isEqualTo(300);
    }

    @Test
    void aLookupAsOfAnEarlierInstantReadsTheSnapshotBeforeTheNewestEnding() {
        // a sweep may or may not have recorded the newest ending yet: as of before it, both read alike
        ServiceHistory history = ServiceHistory.empty()
                .after(HOUR, ending(MEMORY, 700, GIB))
                .after(5 * HOUR, ending(MEMORY, ServiceHistory.CLIMBED, GIB));
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 4 * HOUR, WEEK)).isEqualTo(700);
        assertThat(history.highestHeld(LeakResource.MEMORY_RSS, GIB, 5 * HOUR, WEEK)).isEqualTo(ServiceHistory.NONE);
    }

    @Test
    void aLeakEndedInIsKnownUntilALaterEndingTellsOtherwise() {
        ServiceHistory leaked = ServiceHistory.empty().after(HOUR, ending(MEMORY, ServiceHistory.LEAKED, GIB));
        assertThat(leaked.leaked(LeakResource.MEMORY_RSS, GIB, HOUR, WEEK)).isTrue();
        assertThat(leaked.leaked(LeakResource.MEMORY_RSS, GIB, HOUR - 1, WEEK)).as("not yet ended").isFalse();
        assertThat(leaked.leaked(LeakResource.MEMORY_RSS, 2 * GIB, HOUR, WEEK)).as("another limit").isFalse();
        assertThat(leaked.leaked(LeakResource.MEMORY_RSS, GIB, HOUR + WEEK + 1, WEEK)).as("too old").isFalse();
        assertThat(leaked.highestHeld(LeakResource.MEMORY_RSS, GIB, HOUR, WEEK)).as("no level").isEqualTo(ServiceHistory.NONE);

        ServiceHistory tooShortToTell = leaked.after(2 * HOUR, ending(FDS, 300, 1024));
        assertThat(tooShortToTell.leaked(LeakResource.MEMORY_RSS, GIB, 2 * HOUR, WEEK)).isTrue();
        ServiceHistory levelledOff = tooShortToTell.after(3 * HOUR, ending(MEMORY, 700, GIB));
        assertThat(levelledOff.leaked(LeakResource.MEMORY_RSS, GIB, 3 * HOUR, WEEK)).as("a fix deployed").isFalse();
        assertThat(levelledOff.highestHeld(LeakResource.MEMORY_RSS, GIB, 3 * HOUR, WEEK)).isEqualTo(700);
        ServiceHistory climbed = tooShortToTell.after(3 * HOUR, ending(MEMORY, ServiceHistory.CLIMBED, GIB));
        assertThat(climbed.leaked(LeakResource.MEMORY_RSS, GIB, 3 * HOUR, WEEK)).isFalse();
    }

    @Test
    void readsTheFormatWrittenBeforeLeaksWereKept() {
        // format 1: per snapshot its instant, then per resource NONE as 0 or a level as level + 1, and the limit
        ByteBuffer out = ByteBuffer.allocate(256);
        out.put((byte) 1);
        for (long at : new long[] {Long.MIN_VALUE, HOUR}) {
            VarInts.writeSigned(out, at);
            for (LeakResource resource : LeakResource.values()) {
                boolean memory = resource == LeakResource.MEMORY_RSS && at == HOUR;
                VarInts.writeUnsigned(out, memory ? 700 + 1 : 0);
                VarInts.writeSigned(out, memory ? GIB : -1);
            }
        }
        ServiceHistory read = ServiceHistory.fromBytes(Arrays.copyOf(out.array(), out.position()));

        assertThat(read.highestHeld(LeakResource.MEMORY_RSS, GIB, 2 * HOUR, WEEK)).isEqualTo(700);
        assertThat(read.highestHeld(LeakResource.OPEN_FDS, Reading.NO_LIMIT, 2 * HOUR, WEEK)).isEqualTo(ServiceHistory.NONE);
        assertThat(read.leaked(LeakResource.MEMORY_RSS, GIB, 2 * HOUR, WEEK)).isFalse();
    }

    @Test
    void readsBackWhatItWrites() {
        ServiceHistory history = ServiceHistory.empty()
                .after(HOUR, ending(MEMORY, 734_003_200L, GIB))
                .after(2 * HOUR, ending(FDS, 0, Reading.NO_LIMIT))
                .after(3 * HOUR, ending(MEMORY, ServiceHistory.LEAKED, GIB));
        ServiceHistory read = ServiceHistory.fromBytes(history.toBytes());
        for (long asOf : new long[] {HOUR, 2 * HOUR, 3 * HOUR}) {
            for (LeakResource resource : LeakResource.values()) {
                for (long limit : new long[] {GIB, 1024, Reading.NO_LIMIT}) {
                    assertThat(read.highestHeld(resource, limit, asOf, WEEK))
                            .isEqualTo(history.highestHeld(resource, limit, asOf, WEEK));
                    assertThat(read.leaked(resource, limit, asOf, WEEK)).isEqualTo(history.leaked(resource, limit, asOf, WEEK));
                }
            }
        }
        assertThat(read.highestHeld(LeakResource.OPEN_FDS, Reading.NO_LIMIT, 2 * HOUR, WEEK)).isZero();
        assertThat(read.leaked(LeakResource.MEMORY_RSS, GIB, 3 * HOUR, WEEK)).isTrue();
    }

    @Test
    void refusesAnUnknownFormat() {
        byte[] bytes = ServiceHistory.empty().toBytes();
        bytes[0] = 9;
        assertThatThrownBy(() -> ServiceHistory.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown service-history format 9");
    }

    private static ServiceHistory.Ending ending(int resource, long level, long limit) {
        long[] levels = new long[LeakResource.values().length];
        Arrays.fill(levels, ServiceHistory.NONE);
        long[] limits = new long[levels.length];
        Arrays.fill(limits, Reading.NO_LIMIT);
        levels[resource] = level;
        limits[resource] = limit;
        return new ServiceHistory.Ending(levels, limits);
    }
}
