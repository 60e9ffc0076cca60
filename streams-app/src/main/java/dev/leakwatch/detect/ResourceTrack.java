package dev.leakwatch.detect;

import java.nio.ByteBuffer;
import java.util.List;

import dev.leakwatch.detect.trend.BucketRing;
import dev.leakwatch.detect.trend.VarInts;

/** One resource of one process incarnation: its floors at every scale and the state of its incident. */
final class ResourceTrack {
    enum IncidentPhase { NONE, OPEN, RESOLVED }

    /** The phase's byte carries the phase in its low bits and, from format 5, {@link #recurringFloors}. */
    private static final int PHASE_BITS = 3;
    private static final int RECURRING_FLOORS_BIT = 4;

    final LeakResource resource;
    final BucketRing[] rings;
    long lastValue;
    long limit = Reading.NO_LIMIT;

    IncidentPhase phase = IncidentPhase.NONE;
    int openedScale;
    LeakSeverity severity = LeakSeverity.WARNING;
    /** Projected exhaustion instant last announced, epoch ms; -1 when unknown. */
    long exhaustAt = -1;
    long lastEmit;
    long growthSeenAt;
    float openingSlopePerSecond;
    int relatedMask;
    /**
     * The resource whose limit the announced projection ({@link #exhaustAt}) is against, when it is
     * not this one: threads that leak can run memory out first. Null for this resource's own limit.
     * Remembered so that later updates keep following the same limit rather than each finding's own.
     */
    LeakResource projectedTo;
    /**
     * The service's previous incarnation ended with this resource's incident open, and samples come
     * too far apart for the shortest scale's usual floors: that scale keeps floors anyway, for the
     * recurring leak's fewer ones ({@link DetectorSettings#recurringMinPoints()}).
     */
    boolean recurringFloors;

    ResourceTrack(LeakResource resource, List<Scale> scales) {
        this.resource = resource;
        this.rings = new BucketRing[scales.size()];
        for (int i = 0; i < rings.length; i++) {
            Scale scale = scales.get(i);
            rings[i] = new BucketRing(scale.bucket().toMillis(), scale.buckets(), quantumOf(resource));
        }
    }

    boolean isOpen() {
        return phase == IncidentPhase.OPEN;
    }

    /** 1 KiB steps for memory (the kernel reports kB anyway), exact counts for everything else. */
    long quantum() {
        return quantumOf(resource);
    }

    private static long quantumOf(LeakResource resource) {
        return resource == LeakResource.MEMORY_RSS ? 1024 : 1;
    }

    int maxEncodedBytes() {
        int bytes = 72; // the incident fields of an open track, varints at their longest
        for (BucketRing ring : rings) {
            bytes += ring.maxEncodedBytes();
        }
        return bytes;
    }

    /** @param lastSaved the process's last saved state, to copy unchanged floors from (null: none) */
    void writeTo(ByteBuffer out, byte[] lastSaved) {
        out.put((byte) resource.ordinal());
        VarInts.writeSigned(out, lastValue / quantum());
        VarInts.writeSigned(out, limit == Reading.NO_LIMIT ? -1 : limit / quantum());
        for (BucketRing ring : rings) {
            ring.writeTo(out, lastSaved);
        }
        out.put((byte) (phase.ordinal() | (recurringFloors ? RECURRING_FLOORS_BIT : 0)));
        if (phase == IncidentPhase.OPEN) {
            out.put((byte) openedScale);
            out.put((byte) severity.ordinal());
            VarInts.writeSigned(out, exhaustAt);
            VarInts.writeSigned(out, lastEmit);
            VarInts.writeSigned(out, growthSeenAt);
            out.putFloat(openingSlopePerSecond);
            out.put((byte) relatedMask);
            out.put((byte) (projectedTo == null ? -1 : projectedTo.ordinal()));
        }
    }

    /** What the last {@link #writeTo} wrote is now the process's saved state. */
    void saved() {
        for (BucketRing ring : rings) {
            ring.saved();
        }
    }

    /**
     * @param format the process-state format it was written in: from 3 the rings carry their highest
     *               evicted floor, from 4 an open incident says which limit its projection is against
     *               (before 4 it reads as the resource's own, which is what those formats' updates followed),
     *               from 5 the phase's byte says whether the track keeps sparse floors
     */
    static ResourceTrack readFrom(ByteBuffer in, List<Scale> scales, int format) {
        boolean withEvictedHighs = format >= 3;
        LeakResource resource = LeakResource.values()[in.get()];
        ResourceTrack track = new ResourceTrack(resource, scales);
        long quantum = track.quantum();
        track.lastValue = VarInts.readSigned(in) * quantum;
        long limit = VarInts.readSigned(in);
        track.limit = limit < 0 ? Reading.NO_LIMIT : limit * quantum;
        for (int i = 0; i < track.rings.length; i++) {
            Scale scale = scales.get(i);
            track.rings[i] = BucketRing.readFrom(in, scale.bucket().toMillis(), scale.buckets(), quantum, withEvictedHighs);
        }
        byte phaseAndFlags = in.get();
        track.phase = IncidentPhase.values()[phaseAndFlags & PHASE_BITS];
        track.recurringFloors = format >= 5 && (phaseAndFlags & RECURRING_FLOORS_BIT) != 0;
        if (track.phase == IncidentPhase.OPEN) {
            track.openedScale = Math.min(in.get(), scales.size() - 1);
            track.severity = LeakSeverity.values()[in.get()];
            track.exhaustAt = VarInts.readSigned(in);
            track.lastEmit = VarInts.readSigned(in);
            track.growthSeenAt = VarInts.readSigned(in);
            track.openingSlopePerSecond = in.getFloat();
            track.relatedMask = in.get();
            if (format >= 4) {
                byte projectedTo = in.get();
                track.projectedTo = projectedTo < 0 ? null : LeakResource.values()[projectedTo];
            }
        }
        return track;
    }
}
