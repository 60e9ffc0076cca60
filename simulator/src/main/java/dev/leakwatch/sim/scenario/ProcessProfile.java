package dev.leakwatch.sim.scenario;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fixed traits of one simulated process slot: names, limits and resting levels. Every
 * incarnation of the slot (after a restart) shares them.
 *
 * @param memoryLimit     the cgroup memory limit, else the host's memory
 * @param threadLimit     pids.max of its cgroup, reported as thread_limit
 * @param startupSeconds  time constant of the ramp to resting levels after a start
 * @param rssNoise        standard deviation of RSS noise, as a share of {@code rssBase}
 */
public record ProcessProfile(
        String service,
        String comm,
        String cmdline,
        String version,
        String containerId,
        int uid,
        long memoryLimit,
        long fdLimit,
        long threadLimit,
        double rssBase,
        double filesBase,
        double threadsBase,
        int listen,
        double establishedMean,
        double rssNoise,
        double startupSeconds) {

    private static final long MIB = 1L << 20;
    private static final List<Long> CGROUP_LIMITS = List.of(256 * MIB, 512 * MIB, 1024 * MIB, 2048 * MIB, 4096 * MIB, 8192 * MIB);
    private static final List<Long> FD_LIMITS = List.of(1024L, 1024L, 4096L, 4096L, 65536L);
    private static final List<Long> THREAD_LIMITS = List.of(4096L, 8192L, 32768L);
    private static final List<String> SERVICES = List.of("checkout", "search", "auth", "chat", "billing", "ingest", "gateway",
            "catalog", "profile", "notify", "media", "ledger", "orders", "sessions", "feeds", "geo");
    private static final List<String> RUNTIMES = List.of("java", "node", "python3", "envoy", "%s_server", "%sd", "ruby", "dotnet");

    /** Draws a profile; {@code maxRssShare} caps resting RSS as a share of the memory limit, leaving headroom for the shape. */
    public static ProcessProfile draw(SplittableRandom rng, long hostMemory, double maxRssShare, double timeScale) {
        String service = Draw.pick(rng, SERVICES);
        String comm = String.format(Locale.ROOT, Draw.pick(rng, RUNTIMES), service);
        boolean cgroup = rng.nextDouble() < 0.8;
        long memoryLimit = cgroup ? Draw.pick(rng, CGROUP_LIMITS) : hostMemory;
        double rssCeiling = Math.min(maxRssShare * memoryLimit, cgroup ? Double.MAX_VALUE : 2048.0 * MIB);
        double rssFloor = Math.min(0.04 * memoryLimit, rssCeiling / 2);
        double rssBase = Draw.logUniform(rng, Math.max(16.0 * MIB, rssFloor), Math.max(17.0 * MIB, rssCeiling));
        long fdLimit = Draw.pick(rng, FD_LIMITS);
        String version = (1 + rng.nextInt(4)) + "." + rng.nextInt(20) + "." + rng.nextInt(10);
        String containerId = cgroup ? Long.toHexString(rng.nextLong() | Long.MIN_VALUE) + Long.toHexString(rng.nextLong() | Long.MIN_VALUE) : null;
        return new ProcessProfile(service, comm, "/usr/bin/" + comm + " --service " + service, version, containerId,
                1000 + rng.nextInt(100),
                memoryLimit, fdLimit, Draw.pick(rng, THREAD_LIMITS),
                rssBase, Draw.uniform(rng, 8, 120), Draw.uniform(rng, 1, 120), rng.nextInt(4),
                Math.min(Draw.uniform(rng, 0, 150), 0.12 * fdLimit), Draw.uniform(rng, 0.002, 0.012),
                Draw.uniform(rng, 30, 180) * timeScale);
    }

    public ProcessProfile withRssBase(double newRssBase) {
        return new ProcessProfile(service, comm, cmdline, version, containerId, uid, memoryLimit, fdLimit, threadLimit,
                newRssBase, filesBase, threadsBase, listen, establishedMean, rssNoise, startupSeconds);
    }

    public ProcessProfile withVersion(String newVersion) {
        return new ProcessProfile(service, comm, cmdline, newVersion, containerId, uid, memoryLimit, fdLimit, threadLimit,
                rssBase, filesBase, threadsBase, listen, establishedMean, rssNoise, startupSeconds);
    }

    /** Resident pages backed by files (code, libraries): the part of RSS that is not anonymous memory. */
    public long fileBackedBytes() {
        return (long) Math.min(0.2 * rssBase, 24.0 * MIB);
    }

    /** Resting fd count: files plus the usual sockets. */
    public double fdBase() {
        return filesBase + establishedMean + listen;
    }

    /** Caps resting RSS so that {@code rssBase * (1 + extraShare)} stays under {@code share} of the limit. */
    public ProcessProfile withPeakUnder(double share, double extraShare) {
        double cap = share * memoryLimit / (1 + extraShare);
        return rssBase <= cap ? this : withRssBase(cap);
    }
}
