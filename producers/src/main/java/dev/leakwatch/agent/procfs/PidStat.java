package dev.leakwatch.agent.procfs;

/**
 * The fields of /proc/PID/stat the agent uses.
 *
 * @param flags          the kernel's task flags (field 9)
 * @param numThreads     field 20
 * @param startTimeTicks field 22: clock ticks between boot and the process start
 */
public record PidStat(int pid, String comm, char state, int ppid, long flags, int numThreads, long startTimeTicks) {
    /** PF_KTHREAD from include/linux/sched.h: set on every kernel thread. */
    static final long PF_KTHREAD = 0x00200000L;

    public boolean hasKernelThreadFlag() {
        return (flags & PF_KTHREAD) != 0;
    }
}
