package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Finds the task limit ({@code pids.max}) that applies to a cgroup under a sysfs cgroup root, the
 * way {@link CgroupMemoryLimits} finds the memory limit: the smallest from the process's own cgroup
 * up to the hierarchy's root, since a limit on an ancestor counts every task below it.
 */
public final class CgroupPidsLimits {
    private static final String V1_MOUNT = "pids";
    private static final String FILE = "pids.max";

    private final ProcFiles files;
    private final Path cgroupRoot;

    public CgroupPidsLimits(ProcFiles files, Path cgroupRoot) {
        this.files = files;
        this.cgroupRoot = cgroupRoot;
    }

    /**
     * Which cgroup decides the limit, as a key for caching: processes with different memory or
     * systemd paths often share their pids cgroup.
     */
    public static String cacheKey(CgroupPaths paths) {
        if (paths.pidsV1().isPresent()) {
            return "v1:" + paths.pidsV1().get();
        }
        return paths.unified().map(path -> "v2:" + path).orElse("");
    }

    /**
     * The limit, or empty when there is none or the cgroup is not visible under the root. A v1 pids
     * controller wins over the unified hierarchy, as for memory: on a hybrid host the v2 tree has
     * no pids controller.
     */
    public OptionalLong limitOf(CgroupPaths paths) throws IOException {
        if (paths.pidsV1().isPresent()) {
            return CgroupHierarchy.smallestUpTo(files, cgroupRoot.resolve(V1_MOUNT), paths.pidsV1().get(), FILE, CgroupLimitParser::pidsMax);
        }
        if (paths.unified().isPresent()) {
            return CgroupHierarchy.smallestUpTo(files, cgroupRoot, paths.unified().get(), FILE, CgroupLimitParser::pidsMax);
        }
        return OptionalLong.empty();
    }
}
