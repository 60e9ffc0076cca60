package dev.leakwatch.agent.procfs;

import java.util.OptionalLong;

/** Parses /proc/PID/limits. */
public final class LimitsParser {
    private static final String FILE = "/proc/PID/limits";
    private static final String MAX_OPEN_FILES = "Max open files";

    private LimitsParser() {
    }

    /**
     * The soft RLIMIT_NOFILE, which is the one open() fails at. Empty when it is "unlimited": a
     * detector must see "no limit", not a number so large that a projection never reaches it.
     */
    public static OptionalLong softMaxOpenFiles(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith(MAX_OPEN_FILES)) {
                // Max open files            1024                 4096                 files
                final String[] values = line.substring(MAX_OPEN_FILES.length()).trim().split("\\s+");
                final String soft = values[0];
                if (soft.equals("unlimited")) {
                    return OptionalLong.empty();
                }
                try {
                    return OptionalLong.of(Long.parseLong(soft));
                } catch (NumberFormatException e) {
                    throw new MalformedProcFileException(FILE, "soft limit of open files is not a number: " + soft, e);
                }
            }
        }
        throw new MalformedProcFileException(FILE, "no '" + MAX_OPEN_FILES + "' line");
    }
}
