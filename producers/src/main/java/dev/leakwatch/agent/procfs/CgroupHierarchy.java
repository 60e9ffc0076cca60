package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A limit that a cgroup inherits from its ancestors: the smallest value of one limit file from the
 * process's own cgroup up to the hierarchy's root. Shared by the memory and the pids limits.
 */
final class CgroupHierarchy {
    private CgroupHierarchy() {
    }

    /**
     * The smallest limit, or empty when there is none or the cgroup is not visible under the root (an
     * agent in a container without the host's cgroup mount sees only its own hierarchy; a path that
     * climbs out of the root with {@code ..} is treated the same).
     */
    static OptionalLong smallestUpTo(ProcFiles files, Path hierarchyRoot, String cgroupPath, String fileName,
                                     Function<String, OptionalLong> parser) throws IOException {
        final Path root = hierarchyRoot.normalize();
        final Path leaf = root.resolve(cgroupPath.substring(1)).normalize();
        if (!leaf.startsWith(root)) {
            return OptionalLong.empty();
        }
        final OptionalLong own;
        try {
            own = parser.apply(files.read(leaf.resolve(fileName)));
        } catch (NoSuchFileException notVisibleHere) {
            // the root cgroup has no memory.max or pids.max; a foreign hierarchy has no such path
            return OptionalLong.empty();
        }
        OptionalLong smallest = own;
        for (Path dir = leaf.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            final OptionalLong ancestor;
            try {
                ancestor = parser.apply(files.read(dir.resolve(fileName)));
            } catch (NoSuchFileException noLimitFileHere) {
                continue;
            }
            smallest = min(smallest, ancestor);
        }
        return smallest;
    }

    private static OptionalLong min(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }
}
