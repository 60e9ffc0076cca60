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
        final Map<Integer, Map<String, Integer>> byPid = new HashMap<>();
        for (String line : run("ss", "-tanp").split("\n")) {
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
