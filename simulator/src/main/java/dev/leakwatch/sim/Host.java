package dev.leakwatch.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import dev.leakwatch.sim.scenario.Draw;

/** One simulated host: its clock skew, sampling phase, agent outages and pid allocator. */
final class Host {
    private static final int PID_MAX = 32_768;
    private static final int FIRST_USER_PID = 300;
    private static final List<Long> MEMORY_GIB = List.of(16L, 32L, 64L);

    final String name;
    final long skewMillis;
    final long phaseMillis;
    final long memory;
    final List<Slot> slots = new ArrayList<>();
    private final SplittableRandom rng;
    private final Set<Integer> livePids = new HashSet<>();
    private final double meanGapWaitMillis;
    private final double timeScale;
    private int nextPid;
    private long gapStart;
    private long gapEnd;

    Host(FleetSimulation simulation, int index, SplittableRandom rng) {
        FleetSpec spec = simulation.spec();
        this.rng = rng;
        this.name = String.format(Locale.ROOT, "%s-%02d", spec.hostPrefix(), index + 1);
        long skew = spec.maxClockSkew().toMillis();
        this.skewMillis = skew == 0 ? 0 : (long) Draw.uniform(rng, -skew, skew);
        this.phaseMillis = (long) (rng.nextDouble() * spec.step().toMillis());
        this.memory = Draw.pick(rng, MEMORY_GIB) << 30;
        this.nextPid = FIRST_USER_PID + rng.nextInt(PID_MAX - FIRST_USER_PID);
        this.timeScale = spec.timeScale();
        this.meanGapWaitMillis = spec.agentGapsPerHostDay() == 0 ? Double.POSITIVE_INFINITY
                : 86_400_000.0 * spec.timeScale() / spec.agentGapsPerHostDay();
        this.gapStart = Long.MAX_VALUE;
        this.gapEnd = simulation.startMillis();
        scheduleNextGap();
    }

    /** Whether the agent was down at true time {@code t}; times must not go backwards. */
    boolean inGap(long t) {
        while (t >= gapEnd) {
            scheduleNextGap();
        }
        return t >= gapStart;
    }

    private void scheduleNextGap() {
        double wait = Draw.exponential(rng, meanGapWaitMillis);
        if (Double.isInfinite(wait) || gapEnd + wait > Long.MAX_VALUE / 2) {
            gapStart = Long.MAX_VALUE;
            gapEnd = Long.MAX_VALUE;
            return;
        }
        gapStart = gapEnd + (long) wait;
        gapEnd = gapStart + (long) (Draw.logUniform(rng, 5 * 60_000, 2 * 3_600_000) * timeScale);
    }

    /**
     * A pid for a new process: now and then the one its predecessor had (pid reuse), else the next
     * free one after some other processes have come and gone, wrapping at pid_max.
     */
    int allocatePid(int previous) {
        int pid;
        if (previous > 0 && !livePids.contains(previous) && rng.nextDouble() < 0.15) {
            pid = previous;
        } else {
            do {
                nextPid += 1 + rng.nextInt(4_000);
                if (nextPid >= PID_MAX) {
                    nextPid = FIRST_USER_PID + (nextPid - PID_MAX) % 1_000;
                }
            } while (livePids.contains(nextPid));
            pid = nextPid;
        }
        livePids.add(pid);
        return pid;
    }

    void releasePid(int pid) {
        livePids.remove(pid);
    }
}
