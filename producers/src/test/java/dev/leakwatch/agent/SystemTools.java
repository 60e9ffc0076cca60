package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ss, ls and ps say about processes: the agent's numbers are checked against these. */
final class SystemTools {
    private static final Pattern USER = Pattern.compile("pid=(\\d+),");

    private SystemTools() {
    }

    /** {@code ss -tanp}: per pid, TCP sockets per state (a socket shared by several fds of one pid counts once). */
    static Map<Integer, Map<String, Integer>> ssTcpStatesByPid() {
        return ssTcpStatesByPid(run("ss", "-tanp"));
    }

    /** Like {@link #ssTcpStatesByPid()}, in the network namespace of {@code pid}. */
    static Map<Integer, Map<String, Integer>> ssTcpStatesByPidInNamespaceOf(int pid) {
        return ssTcpStatesByPid(run("nsenter", "--net=/proc/" + pid + "/ns/net", "ss", "-tanp"));
    }

    private static Map<Integer, Map<String, Integer>> ssTcpStatesByPid(String ss) {
        final Map<Integer, Map<String, Integer>> byPid = new HashMap<>();
        for (String line : ss.split("\n")) {
            final String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("State")) {
                continue;
            }
            final String state = ProcessSamplerFixtureTest.ssState(trimmed.split("\\s+")[0]);
            final Set<Integer> pids = new HashSet<>();
            final Matcher matcher = USER.matcher(line);
            while (matcher.find()) {
                pids.add(Integer.parseInt(matcher.group(1)));
            }
            for (int pid : pids) {
                byPid.computeIfAbsent(pid, p -> new HashMap<>()).merge(state, 1, Integer::sum);
            }
        }
        return byPid;
    }

    /** Entries of {@code ls /proc/PID/fd}. */
    static int lsFdCount(int pid) {
        final String out = run("ls", "/proc/" + pid + "/fd").strip();
        return out.isEmpty() ? 0 : out.split("\n").length;
    }

    /** {@code ps -o rss=,nlwp=}: resident KiB and threads. */
    static long[] psRssKibAndThreads(int pid) {
        final String[] fields = run("ps", "-o", "rss=,nlwp=", "-p", Integer.toString(pid)).strip().split("\\s+");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /**
     * What the system tools say bounds a process's tasks: {@code cat} of threads-max, the soft
     * RLIMIT_NPROC that {@code prlimit} prints (not for root, whom the kernel does not hold to it),
     * and {@code cat} of every pids.max from its pids cgroup (v1, else v2) up to the root.
     */
    static long threadLimitOf(int pid, int uid) {
        long limit = Long.parseLong(run("cat", "/proc/sys/kernel/threads-max").strip());
        if (uid != 0) {
            final String soft = run("prlimit", "--pid", Integer.toString(pid), "--nproc", "--output", "SOFT", "--noheadings").strip();
            if (!soft.equals("unlimited")) {
                limit = Math.min(limit, Long.parseLong(soft));
            }
        }
        String root = "/sys/fs/cgroup";
        String path = null;
        for (String line : run("cat", "/proc/" + pid + "/cgroup").split("\n")) {
            final String[] parts = line.split(":", 3);
            if (parts.length == 3 && java.util.Arrays.asList(parts[1].split(",")).contains("pids")) {
                root = "/sys/fs/cgroup/pids";
                path = parts[2];
            } else if (parts.length == 3 && parts[0].equals("0") && path == null) {
                path = parts[2];
            }
        }
        for (java.nio.file.Path dir = java.nio.file.Path.of(root + path); dir.startsWith(root); dir = dir.getParent()) {
            final java.nio.file.Path file = dir.resolve("pids.max");
            if (java.nio.file.Files.exists(file)) {
                final String max = run("cat", file.toString()).strip();
                if (!max.equals("max")) {
                    limit = Math.min(limit, Long.parseLong(max));
                }
            }
        }
        return limit;
    }

    static String run(String... command) {
        try {
            final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (install iproute2 for ss, procps for ps): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
