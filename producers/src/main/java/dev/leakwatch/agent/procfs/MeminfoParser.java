package dev.leakwatch.agent.procfs;

/** Parses /proc/meminfo; the agent needs only MemTotal, the fallback memory limit. */
public final class MeminfoParser {
    private static final String FILE = "/proc/meminfo";

    private MeminfoParser() {
    }

    public static long memTotalBytes(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                final String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new MalformedProcFileException(FILE, "MemTotal is not 'N kB': " + line);
                }
                try {
                    return Math.multiplyExact(Long.parseLong(parts[0]), 1024L);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new MalformedProcFileException(FILE, "MemTotal is not a size: " + line, e);
                }
            }
        }
        throw new MalformedProcFileException(FILE, "no MemTotal line");
    }
}
