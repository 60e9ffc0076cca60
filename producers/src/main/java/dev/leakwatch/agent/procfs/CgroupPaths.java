package dev.leakwatch.agent.procfs;

import java.util.Optional;

/**
 * Where a process sits in the cgroup hierarchies that can limit its memory, as listed in
 * /proc/PID/cgroup. Paths are relative to the hierarchy's mount and start with '/'.
 *
 * @param memoryV1 the path in the cgroup v1 hierarchy whose controllers include {@code memory}
 * @param unified  the path in the cgroup v2 (unified) hierarchy, the {@code 0::/path} line
 */
public record CgroupPaths(Optional<String> memoryV1, Optional<String> unified) {
}
