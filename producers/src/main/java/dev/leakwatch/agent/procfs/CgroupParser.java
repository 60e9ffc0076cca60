package dev.leakwatch.agent.procfs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Parses /proc/PID/cgroup: lines of {@code hierarchy-id:controller-list:path}. */
public final class CgroupParser {
    private static final String FILE = "/proc/PID/cgroup";

    private CgroupParser() {
    }

    public static CgroupPaths parse(String text) {
        Optional<String> memoryV1 = Optional.empty();
        Optional<String> unified = Optional.empty();
        Optional<String> systemd = Optional.empty();
        Optional<String> pidsV1 = Optional.empty();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // the path may itself contain ':', so split into three parts at most
            final String[] parts = line.split(":", 3);
            if (parts.length != 3 || !parts[2].startsWith("/")) {
                throw new MalformedProcFileException(FILE, "not 'id:controllers:/path': " + line);
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                unified = Optional.of(parts[2]);
            } else if (parts[1].equals("name=systemd")) {
                systemd = Optional.of(parts[2]);
            } else {
                final List<String> controllers = Arrays.asList(parts[1].split(","));
                if (controllers.contains("memory")) {
                    memoryV1 = Optional.of(parts[2]);
                }
                if (controllers.contains("pids")) {
                    pidsV1 = Optional.of(parts[2]);
                }
            }
        }
        return new CgroupPaths(memoryV1, unified, systemd, pidsV1);
    }
}
