package dev.leakwatch.detect.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class BucketRingTest {

    @Test
    void keepsTheLowestValueOfEachBucketAndClosesOnTheNextBucket() {
        BucketRing ring = new BucketRing(60_000, 10);
        assertThat(ring.add(0, 500)).isFalse();
        assertThat(ring.add(20_000, 300)).isFalse();
        assertThat(ring.add(40_000, 900)).isFalse();
        assertThat(ring.add(60_000, 700)).isTrue();
        double[] t = new double[10];
        double[] v = new double[10];
        assertThat(ring.points(0, t, v)).isEqualTo(1);
        assertThat(v[0]).isEqualTo(300);
        assertThat(t[0]).isEqualTo(30);
    }

    @Test
    void remembersTheHighestFloorThatFellOutAndKeepsItAcrossEncoding() {
        BucketRing ring = new BucketRing(1000, 3, 1024);
        assertThat(ring.highestEvictedFloor()).isEqualTo(Long.MIN_VALUE);
        long[] floors = {4096, 40_960, 8192, 2048, 3072};
        for (int i = 0; i < floors.length; i++) {
            ring.add(i * 1000L, floors[i]);
        }
        ring.add(5000, 1024); // closes the fifth bucket: 4096 and 40,960 have fallen out of three
        assertThat(ring.highestEvictedFloor()).isEqualTo(40_960);
        ring.add(9000, 1024); // closes the sixth bucket: 8192 falls out, below the highest so far
        assertThat(ring.highestEvictedFloor()).isEqualTo(40_960);

        ByteBuffer out = ByteBuffer.allocate(ring.maxEncodedBytes() + 16);
        ring.writeTo(out);
        out.flip();
        BucketRing read = BucketRing.readFrom(out, 1000, 3, 1024, true);
        assertThat(read.highestEvictedFloor()).isEqualTo(40_960);
        assertThat(out.remaining()).isZero();
    }

    @Test
    void marksMissingBucketsAsGapsAndSkipsThem() {
        BucketRing ring = new BucketRing(1000, 10);
        ring.add(0, 1);
        ring.add(1000, 2);
        ring.add(5000, 6); // buckets 2..4 had no samples
        ring.add(6000, 7);
        double[] t = new double[10];
        double[] v = new double[10];
        assertThat(ring.closedBuckets()).isEqualTo(6);
        assertThat(ring.points(0, t, v)).isEqualTo(3);
        assertThat(v).startsWith(1, 2, 6);
        assertThat(t).startsWith(0.5, 1.5, 5.5);
    }

    @Test
    void keepsOnlyTheNewestBucketsAndIgnoresLateSamples() {
        BucketRing ring = new BucketRing(1000, 4);
        for (int i = 0; i < 20; i++) {
            ring.add(i * 1000L, i);
        }
        assertThat(ring.add(3_000, -50)).isFalse();
        double[] t = new double[4];
        double[] v = new double[4];
        assertThat(ring.points(0, t, v)).isEqualTo(4);
        assertThat(v).containsExactly(15, 16, 17, 18);
        assertThat(ring.oldestStartMillis()).isEqualTo(15_000);
        assertThat(ring.highestFloorEndingBy(17_000)).isEqualTo(16);
    }

    @Test
    void survivesItsCompactEncodingIncludingGapsAndQuantum() {
        BucketRing ring = new BucketRing(60_000, 72, 1024);
        long value = 500L << 20;
        for (int minute = 0; minute < 100; minute++) {
            if (minute % 17 != 5) {
                ring.add(minute * 60_000L, value + minute * 4096L);
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(ring.maxEncodedBytes());
        ring.writeTo(buffer);
        int encoded = buffer.position();
        buffer.flip();
        BucketRing copy = BucketRing.readFrom(buffer, 60_000, 72, 1024, true);

        double[] t1 = new double[72];
        double[] v1 = new double[72];
        double[] t2 = new double[72];
        double[] v2 = new double[72];
        assertThat(copy.points(0, t2, v2)).isEqualTo(ring.points(0, t1, v1));
        assertThat(v2).containsExactly(v1);
        assertThat(t2).containsExactly(t1);
        assertThat(encoded).as("bytes for 72 buckets of a steadily growing RSS").isLessThan(100);

        // written back without being decoded: the same bytes
        ByteBuffer again = ByteBuffer.allocate(copy.maxEncodedBytes());
        BucketRing untouched = BucketRing.readFrom(ByteBuffer.wrap(buffer.array(), 0, encoded), 60_000, 72, 1024, true);
        untouched.add(100 * 60_000L + 1, value); // same open bucket: nothing to decode
        untouched.writeTo(again);
        assertThat(again.position()).isEqualTo(encoded);
    }

    @Test
    void countsItsFloorsWithoutGapsThroughEvictionsAndEncoding() {
        java.util.Random random = new java.util.Random(11);
        BucketRing ring = new BucketRing(15_000, 40);
        double[] seconds = new double[40];
        double[] values = new double[40];
        long t = 0;
        for (int i = 0; i < 2_000; i++) {
            t += 15_000L * (1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 4)); // gaps of every length, some past the whole ring
            ring.add(t, random.nextInt(1000));
            assertThat(ring.values()).isEqualTo(ring.points(0, seconds, values));
            if (i % 97 == 0) { // decoded again from its bytes
                ByteBuffer buffer = ByteBuffer.allocate(ring.maxEncodedBytes());
                ring.writeTo(buffer);
                buffer.flip();
                ring = BucketRing.readFrom(buffer, 15_000, 40, 1, true);
                assertThat(ring.values()).isEqualTo(ring.points(0, seconds, values));
            }
        }
    }

    @Test
    void writesWhatAFullEncodingWritesWhileItKeepsItsBytesUpToDate() {
        java.util.Random random = new java.util.Random(5);
        for (long quantum : new long[] {1, 1024}) {
            BucketRing ring = new BucketRing(15_000, 40, quantum);
            BucketRing reference = new BucketRing(15_000, 40, quantum); // the same samples, every floor encoded at each write
            long t = 0;
            long level = 1L << 30;
            for (int i = 0; i < 5_000; i++) {
                t += 15_000L * (1 + random.nextInt(random.nextInt(12) == 0 ? 50 : 3)); // gaps, some past the whole ring
                level += (long) (random.nextGaussian() * (random.nextInt(20) == 0 ? 1e9 : 1e5)); // small steps, some huge
                ring.add(t, Math.max(0, level));
                reference.add(t, Math.max(0, level));
                if (random.nextInt(3) == 0) {
                    continue; // several closes between two saves
                }
                byte[] kept = bytesOf(ring);
                reference.forgetEncoding();
                assertThat(kept).as("after %d samples", i + 1).isEqualTo(bytesOf(reference));
                if (random.nextInt(50) == 0) {
                    ring = BucketRing.readFrom(ByteBuffer.wrap(kept), 15_000, 40, quantum, true); // as after a restore
                }
            }
        }
    }

    @Test
    void writesWhatAFullEncodingWritesWhenItCopiesItsFloorsFromItsLastSave() {
        java.util.Random random = new java.util.Random(8);
        for (long quantum : new long[] {1, 1024}) {
            BucketRing ring = new BucketRing(15_000, 40, quantum);
            BucketRing reference = new BucketRing(15_000, 40, quantum);
            byte[] lastSaved = null;
            long t = 0;
            long level = 1L << 30;
            for (int i = 0; i < 5_000; i++) {
                // mostly samples within the open bucket (the floors do not change), some closing it, some after gaps
                t += random.nextInt(4) == 0 ? 15_000L * (1 + random.nextInt(random.nextInt(12) == 0 ? 50 : 3)) : 1_000;
                level += (long) (random.nextGaussian() * (random.nextInt(20) == 0 ? 1e9 : 1e5));
                ring.add(t, Math.max(0, level));
                reference.add(t, Math.max(0, level));
                if (random.nextInt(5) == 0) {
                    continue; // not saved this time
                }
                ByteBuffer buffer = ByteBuffer.allocate(ring.maxEncodedBytes());
                ring.writeTo(buffer, lastSaved);
                byte[] written = java.util.Arrays.copyOf(buffer.array(), buffer.position());
                reference.forgetEncoding();
                assertThat(written).as("after %d samples", i + 1).isEqualTo(bytesOf(reference));
                if (random.nextInt(4) != 0) {
                    ring.saved(); // what was written is the saved state: the next write copies unchanged floors from it
                    lastSaved = written;
                }
                if (random.nextInt(100) == 0) {
                    ring = BucketRing.readFrom(ByteBuffer.wrap(written), 15_000, 40, quantum, true); // as after a restore
                    lastSaved = null;
                }
            }
        }
    }

    private static byte[] bytesOf(BucketRing ring) {
        ByteBuffer buffer = ByteBuffer.allocate(ring.maxEncodedBytes());
        ring.writeTo(buffer);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
}
