package dev.leakwatch.agent.procfs;

import java.util.OptionalLong;

/** Parses /proc/PID/limits. */
public final class LimitsParser {
    private static final String FILE = "/proc/PID/limits";
    private static final String MAX_OPEN_FILES = "Max open files";
    private static final String MAX_PROCESSES = "Max processes";

    private LimitsParser() {
    }

    /**
     * The soft RLIMIT_NOFILE, which is the one open() fails at. Empty when it is "unlimited": a
     * detector must see "no limit", not a number so large that a projection never reaches it.
     */
    public static OptionalLong softMaxOpenFiles(String text) {
        return softLimit(text, MAX_OPEN_FILES, "open files");
    }

    /**
     * The soft RLIMIT_NPROC, the tasks (processes and threads) the process's real user may have,
     * which is the one fork() and pthread_create() fail at. Empty when it is "unlimited".
     */
    public static OptionalLong softMaxProcesses(String text) {
        return softLimit(text, MAX_PROCESSES, "processes");
    }

    private static OptionalLong softLimit(String text, String name, String what) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith(name, start)) {
                // Max open files            1024                 4096                 files
                final String[] values = text.substring(start + name.length(), end).trim().split("\\s+");
                final String soft = values[0];
                if (soft.equals("unlimited")) {
                    return OptionalLong.empty();
                }
                try {
                    return OptionalLong.of(Long.parseLong(soft));
                } catch (NumberFormatException e) {
                    throw new MalformedProcFileException(FILE, "soft limit of " + what + " is not a number: " + soft, e);
                }
            }
            start = end + 1;
        }
        throw new MalformedProcFileException(FILE, "no '" + name + "' line");
    }
}
