package dev.leakwatch.agent.procfs;

import java.util.List;
import java.util.Optional;

/**
 * Where a process sits in the cgroup hierarchies, as listed in /proc/PID/cgroup. Paths are relative
 * to the hierarchy's mount and start with '/'.
 *
 * @param memoryV1 the path in the cgroup v1 hierarchy whose controllers include {@code memory}
 * @param unified  the path in the cgroup v2 (unified) hierarchy, the {@code 0::/path} line
 * @param systemd  the path in systemd's own v1 hierarchy ({@code name=systemd}), on v1 and hybrid hosts
 * @param pidsV1   the path in the cgroup v1 hierarchy whose controllers include {@code pids}
 */
public record CgroupPaths(Optional<String> memoryV1, Optional<String> unified, Optional<String> systemd, Optional<String> pidsV1) {

    public CgroupPaths(Optional<String> memoryV1, Optional<String> unified) {
        this(memoryV1, unified, Optional.empty(), Optional.empty());
    }

    public CgroupPaths(Optional<String> memoryV1, Optional<String> unified, Optional<String> systemd) {
        this(memoryV1, unified, systemd, Optional.empty());
    }

    /**
     * The path that best says what the process belongs to: the unified path unless it is the root
     * (on a hybrid host the unified tree may be unused), then systemd's, then the memory controller's.
     */
    public Optional<String> identifying() {
        for (Optional<String> path : List.of(unified, systemd, memoryV1)) {
            if (path.isPresent() && !path.get().equals("/")) {
                return path;
            }
        }
        return unified.or(() -> systemd).or(() -> memoryV1);
    }

    /** The container's id, from the identifying path or any other path of the process. */
    public Optional<String> containerId() {
        for (Optional<String> path : List.of(identifying(), unified, systemd, memoryV1)) {
            final Optional<String> id = path.flatMap(CgroupNames::containerId);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    /** The systemd service the process runs in, without {@code .service} and without a template instance. */
    public Optional<String> systemdService() {
        return identifying().flatMap(CgroupNames::systemdService);
    }
}
