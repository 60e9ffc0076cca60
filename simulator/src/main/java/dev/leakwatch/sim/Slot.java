package dev.leakwatch.sim;

import java.time.Instant;
import java.util.SplittableRandom;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.TcpStateCounts;
import dev.leakwatch.sim.scenario.Behaviour;
import dev.leakwatch.sim.scenario.Draw;
import dev.leakwatch.sim.scenario.Levels;
import dev.leakwatch.sim.scenario.ProcessProfile;
import dev.leakwatch.topic.ProcessKey;

/**
 * One process slot on a host: a service whose incarnations follow one behaviour. It starts them,
 * ends them (OOM kill, crash, health-check restart, deploy, planned exit), saturates fds at the
 * limit, adds noise and turns levels into samples.
 */
final class Slot {
    private static final long MIB = 1L << 20;

    private final FleetSimulation simulation;
    private final Host host;
    private final Behaviour behaviour;
    private final SplittableRandom rng;
    private final double meanDeployWaitMillis;
    private final Levels levels = new Levels();
    private ProcessProfile profile;
    private Incarnation current;
    private long restartAt;
    private long nextDeploy;
    private int lastPid;

    Slot(FleetSimulation simulation, Host host, Behaviour behaviour, SplittableRandom rng) {
        this.simulation = simulation;
        this.host = host;
        this.behaviour = behaviour;
        this.rng = rng;
        this.profile = behaviour.profile();
        FleetSpec spec = simulation.spec();
        this.meanDeployWaitMillis = spec.deploysPerProcessDay() == 0 ? Double.POSITIVE_INFINITY
                : 86_400_000.0 * spec.timeScale() / spec.deploysPerProcessDay();
        this.nextDeploy = after(simulation.startMillis(), Draw.exponential(rng, meanDeployWaitMillis));
        startIncarnation(simulation.startMillis() - (long) (behaviour.initialAge(rng) * 1000));
    }

    /** The sample of this slot at true time {@code t}, or null when no process runs or the agent is down. */
    ProcessSample sampleAt(long t, boolean agentUp) {
        while (true) {
            if (current == null) {
                if (t < restartAt) {
                    return null;
                }
                startIncarnation(restartAt);
            }
            long plannedExit = after(current.startTrue, current.plannedLifeMillis);
            long end = Math.min(plannedExit, Math.min(nextDeploy, current.unhealthyRestartAt));
            if (end > t) {
                break;
            }
            if (end == current.unhealthyRestartAt) {
                endIncarnation(end, EndReason.RESTARTED_UNHEALTHY);
            } else if (end == nextDeploy) {
                endIncarnation(end, EndReason.DEPLOYED);
                nextDeploy = after(end, Draw.exponential(rng, meanDeployWaitMillis));
                if (rng.nextDouble() < 0.5) {
                    profile = profile.withVersion(bumpPatch(profile.version()));
                }
            } else {
                endIncarnation(end, EndReason.EXITED);
            }
            restartAt = end + restartDelayMillis();
        }
        double age = (t - current.startTrue) / 1000.0;
        fillLevels(age, t);
        if (levels.rss >= profile.memoryLimit()) {
            endIncarnation(t, EndReason.OOM_KILLED);
            restartAt = t + restartDelayMillis();
            return null;
        }
        if (levels.threads >= profile.threadLimit()) {
            endIncarnation(t, EndReason.THREAD_LIMIT_CRASH);
            restartAt = t + restartDelayMillis();
            return null;
        }
        if (levels.fds() >= profile.fdLimit()) {
            saturateFds();
            if (current.saturatedAt == Long.MIN_VALUE) {
                current.saturatedAt = t;
                current.unhealthyRestartAt = t + (long) (Draw.uniform(rng, 15 * 60_000, 2 * 3_600_000) * simulation.spec().timeScale());
            }
        }
        if (!agentUp) {
            return null;
        }
        long timestamp = t + host.skewMillis;
        current.observe(timestamp);
        return toSample(timestamp);
    }

    private void fillLevels(double age, long t) {
        double startup = Math.exp(-age / profile.startupSeconds());
        levels.rss = profile.rssBase() * (1 - 0.35 * startup);
        levels.files = profile.filesBase();
        levels.threads = profile.threadsBase();
        levels.established = profile.establishedMean() * (1 - startup);
        levels.listen = profile.listen();
        levels.closeWait = 0;
        levels.synRecv = 0;
        behaviour.shape(age, t, levels, rng);
        levels.rss += rng.nextGaussian() * profile.rssNoise() * profile.rssBase();
        levels.files += rng.nextGaussian() * 1.5;
        if (levels.established > 0) {
            // noise of the live pool, not of connections that are never used again
            levels.established += rng.nextGaussian() * 0.5 * Math.sqrt(Math.max(1, profile.establishedMean()));
            levels.closeWait += rng.nextDouble() < 0.15 ? 1 : 0;
        }
        levels.threads += rng.nextDouble() < 0.1 ? (rng.nextBoolean() ? 1 : -1) : 0;
        levels.rss = Math.max(levels.rss, 4 * MIB);
        levels.files = Math.max(3, Math.round(levels.files));
        levels.established = Math.max(0, Math.round(levels.established));
        levels.closeWait = Math.max(0, Math.floor(levels.closeWait));
        levels.threads = Math.max(1, Math.round(levels.threads));
    }

    /** Open fails with EMFILE at the limit: the count stops there, new files and sockets are refused. */
    private void saturateFds() {
        double excess = levels.fds() - profile.fdLimit();
        double fromFiles = Math.min(excess, Math.max(0, levels.files - 3));
        levels.files -= fromFiles;
        excess -= fromFiles;
        double fromEstablished = Math.min(excess, levels.established);
        levels.established -= fromEstablished;
        excess -= fromEstablished;
        levels.closeWait = Math.max(0, levels.closeWait - excess);
    }

    /** Built field by field (not with the all-arguments constructor) so fields added to the schema later keep their defaults. */
    private ProcessSample toSample(long timestamp) {
        TcpStateCounts tcp = TcpStateCounts.newBuilder()
                .setEstablished((int) levels.established)
                .setSynRecv((int) levels.synRecv)
                .setCloseWait((int) levels.closeWait)
                .setListen((int) levels.listen)
                .build();
        long rss = Math.round(levels.rss);
        return ProcessSample.newBuilder()
                .setHost(host.name)
                .setPid(current.pid)
                .setStartTime(Instant.ofEpochMilli(current.startTrue + host.skewMillis))
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setComm(profile.comm())
                .setService(profile.service())
                .setVersion(profile.version())
                .setCmdline(profile.cmdline())
                .setContainerId(profile.containerId())
                .setUid(profile.uid())
                .setRssBytes(rss)
                // file-backed pages (code, mapped libraries) stay put; what a leak or a cache grows is anonymous
                .setRssAnonBytes(Math.max(0, rss - profile.fileBackedBytes()))
                .setMemoryLimitBytes(profile.memoryLimit())
                .setFdCount((int) Math.round(levels.fds()))
                .setFdLimit(profile.fdLimit())
                .setThreads((int) levels.threads)
                .setThreadLimit(profile.threadLimit())
                .setTcp(tcp)
                .build();
    }

    private void startIncarnation(long startTrue) {
        int pid = host.allocatePid(lastPid);
        lastPid = pid;
        current = new Incarnation(pid, startTrue, behaviour.plannedLife(rng));
        behaviour.startIncarnation(startTrue, rng);
        simulation.recordStart(ProcessKey.of(host.name, pid, startTrue + host.skewMillis), behaviour.scenario());
    }

    /** Ends the running incarnation (if any) at true time {@code end} and records its ground truth. */
    void endIncarnation(long end, EndReason reason) {
        if (current == null) {
            return;
        }
        long start = current.startTrue + host.skewMillis;
        Resource resource = behaviour.resource();
        Long onset = null;
        Long exhaustion = null;
        Long limit = null;
        if (resource != null) {
            long onsetTrue = current.startTrue + (long) (behaviour.onsetAge() * 1000);
            if (onsetTrue < end) {
                onset = onsetTrue + host.skewMillis;
                exhaustion = start + (long) (behaviour.exhaustionAge() * 1000);
                limit = behaviour.resourceLimit();
            } else {
                resource = null;
            }
        }
        simulation.recordEnd(new GroundTruth(host.name, current.pid, start, profile.service(), behaviour.scenario(), resource,
                resource == null ? java.util.List.of() : behaviour.relatedResources(), onset, exhaustion, limit,
                end + host.skewMillis, reason, current.firstSample, current.lastSample, current.samples));
        host.releasePid(current.pid);
        current = null;
    }

    private long restartDelayMillis() {
        return Math.max(500, (long) (Draw.uniform(rng, 5_000, 90_000) * Math.max(simulation.spec().timeScale(), 0.02)));
    }

    private static long after(long from, double millis) {
        if (Double.isInfinite(millis) || millis > Long.MAX_VALUE / 4) {
            return Long.MAX_VALUE;
        }
        return from + (long) millis;
    }

    private static String bumpPatch(String version) {
        int dot = version.lastIndexOf('.');
        return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
    }

    /** One run of the process, from start to exit. */
    private static final class Incarnation {
        final int pid;
        final long startTrue;
        final double plannedLifeMillis;
        long saturatedAt = Long.MIN_VALUE;
        long unhealthyRestartAt = Long.MAX_VALUE;
        Long firstSample;
        Long lastSample;
        long samples;

        Incarnation(int pid, long startTrue, double plannedLifeSeconds) {
            this.pid = pid;
            this.startTrue = startTrue;
            this.plannedLifeMillis = plannedLifeSeconds * 1000;
        }

        void observe(long timestamp) {
            if (firstSample == null) {
                firstSample = timestamp;
            }
            lastSample = timestamp;
            samples++;
        }
    }
}
