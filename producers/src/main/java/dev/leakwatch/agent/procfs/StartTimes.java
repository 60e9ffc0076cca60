package dev.leakwatch.agent.procfs;

/** Turns a process start from clock ticks since boot into epoch milliseconds. */
public final class StartTimes {
    /**
     * USER_HZ, the unit of /proc/PID/stat's starttime. The kernel fixes it at 100 for user space on
     * every Linux architecture, whatever CONFIG_HZ is (sysconf(_SC_CLK_TCK) returns it), and Java
     * cannot call sysconf without native code.
     */
    public static final int USER_HZ = 100;

    private StartTimes() {
    }

    public static long epochMillis(long bootTimeSeconds, long startTimeTicks) {
        return bootTimeSeconds * 1000L + startTimeTicks * 1000L / USER_HZ;
    }
}
