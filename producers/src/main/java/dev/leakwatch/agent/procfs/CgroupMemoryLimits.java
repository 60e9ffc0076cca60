package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Finds the memory limit that applies to a cgroup under a sysfs cgroup root (/sys/fs/cgroup on a
 * host, a mounted copy in a pod). A limit set on an ancestor applies to every descendant, so the
 * answer is the smallest limit from the process's own cgroup up to the hierarchy's root.
 */
public final class CgroupMemoryLimits {
    private static final String V1_MOUNT = "memory";
    private static final String V1_FILE = "memory.limit_in_bytes";
    private static final String V2_FILE = "memory.max";

    private final ProcFiles files;
    private final Path cgroupRoot;

    public CgroupMemoryLimits(ProcFiles files, Path cgroupRoot) {
        this.files = files;
        this.cgroupRoot = cgroupRoot;
    }

    /**
     * The limit, or empty when there is none or the process's cgroup is not visible under the root
     * (an agent in a container without the host's cgroup mount sees only its own hierarchy; then
     * the caller falls back to the host's memory). A v1 memory controller wins over the unified
     * hierarchy: on a hybrid host the v2 tree has no memory controller.
     */
    public OptionalLong limitOf(CgroupPaths paths) throws IOException {
        if (paths.memoryV1().isPresent()) {
            return CgroupHierarchy.smallestUpTo(files, cgroupRoot.resolve(V1_MOUNT), paths.memoryV1().get(), V1_FILE,
                    CgroupLimitParser::limitInBytes);
        }
        if (paths.unified().isPresent()) {
            return CgroupHierarchy.smallestUpTo(files, cgroupRoot, paths.unified().get(), V2_FILE, CgroupLimitParser::memoryMax);
        }
        return OptionalLong.empty();
    }
}
