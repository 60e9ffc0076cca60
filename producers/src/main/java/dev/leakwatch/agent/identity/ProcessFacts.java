package dev.leakwatch.agent.identity;

import java.util.Optional;

/**
 * What service and version rules may look at. The costly facts (the environment, the executable)
 * are read only when a rule asks for them, and at most once per evaluation.
 */
public interface ProcessFacts {
    String comm();

    /** Null for kernel threads, zombies and unreadable command lines. */
    String cmdline();

    /** The cgroup path that identifies the process (the unified one on cgroup v2), if known. */
    Optional<String> cgroupPath();

    /** The systemd service (without .service) the process runs in, if any. */
    Optional<String> systemdService();

    Optional<String> environmentVariable(String name);

    /** The GNU build id of the process's executable, as hex. */
    Optional<String> executableBuildId();

    /** When the process's executable file was last modified, in epoch milliseconds. */
    Optional<Long> executableModifiedMillis();
}
