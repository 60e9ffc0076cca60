package dev.leakwatch.sim;

/** Why a simulated process incarnation ended. */
public enum EndReason {
    /** Reached its memory limit and was killed by the kernel. */
    OOM_KILLED,
    /** Reached its thread limit (pids.max) and crashed. */
    THREAD_LIMIT_CRASH,
    /** Restarted by a health check after its fds had been saturated at the limit for a while. */
    RESTARTED_UNHEALTHY,
    /** Restarted by a deploy. */
    DEPLOYED,
    /** Exited on its own schedule (frequent-restart scenario). */
    EXITED,
    /** Still running when the simulation ended. */
    SIMULATION_END
}
