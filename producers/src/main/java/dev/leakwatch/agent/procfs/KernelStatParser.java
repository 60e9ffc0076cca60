package dev.leakwatch.agent.procfs;

/** Parses the system-wide /proc/stat; the agent needs only the boot time. */
public final class KernelStatParser {
    private static final String FILE = "/proc/stat";

    private KernelStatParser() {
    }

    /** The {@code btime} line: when the system booted, in seconds since the epoch. */
    public static long bootTimeSeconds(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("btime ")) {
                final String value = line.substring("btime ".length()).trim();
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new MalformedProcFileException(FILE, "btime is not a number: " + value, e);
                }
            }
        }
        throw new MalformedProcFileException(FILE, "no btime line");
    }
}
