package dev.leakwatch.detect;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.leakwatch.detect.trend.VarInts;

/**
 * What the ended incarnations of one service on one host said about its resources: per resource,
 * the highest floor the service held and levelled off at, and the limit it had then, from the newest
 * incarnation that could tell; or that it ended with an incident open on the resource ({@link #LEAKED}:
 * a successor's climb is that leak back until a fix is deployed). An incarnation that ended climbing
 * or near its limit clears that resource's level; one too short to tell leaves what was known. Both
 * count only for a successor under the same limit (the same deployment).
 *
 * <p>Two snapshots are kept, the newest and the one before it, each stamped with the event time at
 * which its incarnation was found gone, so that a lookup made "as of" an instant gives the same answer
 * whether or not the sweep that records the next ending has run yet (live and replay agree). Immutable.
 */
public final class ServiceHistory {
    /** No level known for a resource. */
    public static final long NONE = Long.MIN_VALUE;
    /** In an ended incarnation's levels: the resource ended climbing (no incident open, not near its limit). */
    public static final long CLIMBED = -1;
    /** In an ended incarnation's levels, and kept: the resource ended with an incident open, or near its limit. */
    public static final long LEAKED = -2;
    /** 2 added {@link #LEAKED}; 1 is still read. */
    private static final byte FORMAT_VERSION = 2;
    private static final int RESOURCES = LeakResource.values().length;

    private final Snapshot older;
    private final Snapshot newer;

    /**
     * What one ended incarnation says, per resource ordinal.
     *
     * @param levels a level held (not negative), {@link #CLIMBED}, or {@link #NONE} for nothing to
     *               tell (the resource was not watched long enough)
     * @param limits the limit each resource had ({@link Reading#NO_LIMIT} for none)
     */
    public record Ending(long[] levels, long[] limits) {
        public Ending {
            if (levels.length != RESOURCES || limits.length != RESOURCES) {
                throw new IllegalArgumentException("one level and one limit per resource are needed");
            }
        }
    }

    /** The levels known as of {@code at}, when an incarnation was found gone. */
    private record Snapshot(long at, long[] levels, long[] limits) {
    }

    private ServiceHistory(Snapshot older, Snapshot newer) {
        this.older = older;
        this.newer = newer;
    }

    /** No incarnation ended yet. */
    public static ServiceHistory empty() {
        long[] none = new long[RESOURCES];
        Arrays.fill(none, NONE);
        long[] noLimits = new long[RESOURCES];
        Arrays.fill(noLimits, Reading.NO_LIMIT);
        Snapshot nothing = new Snapshot(Long.MIN_VALUE, none, noLimits);
        return new ServiceHistory(nothing, nothing);
    }

    /** This history after one more incarnation ended, found gone at {@code endedAt}. */
    public ServiceHistory after(long endedAt, Ending ended) {
        long[] levels = newer.levels.clone();
        long[] limits = newer.limits.clone();
        for (int i = 0; i < RESOURCES; i++) {
            if (ended.levels()[i] == CLIMBED) {
                levels[i] = NONE;
            } else if (ended.levels()[i] != NONE) {
                // a level held, or LEAKED
                levels[i] = ended.levels()[i];
                limits[i] = ended.limits()[i];
            }
        }
        return new ServiceHistory(newer, new Snapshot(endedAt, levels, limits));
    }

    /**
     * The level held for {@code resource} under the same {@code limit} by the newest snapshot recorded
     * at or before {@code asOf}, if not older than {@code maxAgeMillis} then; {@link #NONE} otherwise.
     */
    public long highestHeld(LeakResource resource, long limit, long asOf, long maxAgeMillis) {
        long known = known(resource, limit, asOf, maxAgeMillis);
        return known < 0 ? NONE : known;
    }

    /**
     * Whether the newest snapshot recorded at or before {@code asOf}, if not older than
     * {@code maxAgeMillis} then, says {@code resource} ended {@link #LEAKED} under the same {@code limit}.
     */
    public boolean leaked(LeakResource resource, long limit, long asOf, long maxAgeMillis) {
        return known(resource, limit, asOf, maxAgeMillis) == LEAKED;
    }

    private long known(LeakResource resource, long limit, long asOf, long maxAgeMillis) {
        Snapshot known = newer.at != Long.MIN_VALUE && newer.at <= asOf ? newer
                : older.at != Long.MIN_VALUE && older.at <= asOf ? older : null;
        int at = resource.ordinal();
        if (known == null || asOf - known.at > maxAgeMillis || known.limits[at] != limit) {
            return NONE;
        }
        return known.levels[at];
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(1 + 2 * (2 * RESOURCES + 1) * VarInts.MAX_BYTES);
        out.put(FORMAT_VERSION);
        write(out, older);
        write(out, newer);
        return Arrays.copyOf(out.array(), out.position());
    }

    public static ServiceHistory fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != 1 && version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown service-history format " + version + " (expected 1 or " + FORMAT_VERSION + ")");
        }
        Snapshot older = read(in, version);
        return new ServiceHistory(older, read(in, version));
    }

    private static void write(ByteBuffer out, Snapshot snapshot) {
        VarInts.writeSigned(out, snapshot.at);
        for (int i = 0; i < RESOURCES; i++) {
            // NONE as 0, LEAKED as 1, a level as level + 2: small and never negative; no limit as -1
            long level = snapshot.levels[i];
            VarInts.writeUnsigned(out, level == NONE ? 0 : level == LEAKED ? 1 : level + 2);
            VarInts.writeSigned(out, snapshot.limits[i] == Reading.NO_LIMIT ? -1 : snapshot.limits[i]);
        }
    }

    private static Snapshot read(ByteBuffer in, byte version) {
        long at = VarInts.readSigned(in);
        long[] levels = new long[RESOURCES];
        long[] limits = new long[RESOURCES];
        for (int i = 0; i < RESOURCES; i++) {
            long code = VarInts.readUnsigned(in);
            levels[i] = code == 0 ? NONE : version == 1 ? code - 1 : code == 1 ? LEAKED : code - 2;
            long limit = VarInts.readSigned(in);
            limits[i] = limit < 0 ? Reading.NO_LIMIT : limit;
        }
        return new Snapshot(at, levels, limits);
    }
}
