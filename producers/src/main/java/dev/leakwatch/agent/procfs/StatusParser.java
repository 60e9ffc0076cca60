package dev.leakwatch.agent.procfs;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses /proc/PID/status. Lines it does not need are ignored, even lines without a colon; a line
 * it needs whose value does not parse makes the whole file malformed, so that a half-read file is
 * never mistaken for a process without memory.
 */
public final class StatusParser {
    private static final String FILE = "/proc/PID/status";

    private StatusParser() {
    }

    public static PidStatus parse(String text) {
        OptionalLong vmRss = OptionalLong.empty();
        OptionalLong rssAnon = OptionalLong.empty();
        OptionalInt threads = OptionalInt.empty();
        OptionalInt uid = OptionalInt.empty();
        for (String line : text.split("\n")) {
            final int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            final String key = line.substring(0, colon);
            final String value = line.substring(colon + 1).trim();
            switch (key) {
                case "VmRSS" -> vmRss = OptionalLong.of(kibibytes(key, value));
                case "RssAnon" -> rssAnon = OptionalLong.of(kibibytes(key, value));
                case "Threads" -> threads = OptionalInt.of(parseInt(key, value));
                // Uid: real, effective, saved set, file system
                case "Uid" -> uid = OptionalInt.of(parseInt(key, value.split("\\s+")[0]));
                default -> {
                }
            }
        }
        return new PidStatus(vmRss, rssAnon, threads, uid);
    }

    /** The kernel writes sizes as "1764 kB", where kB means KiB. */
    private static long kibibytes(String key, String value) {
        final String[] parts = value.split("\\s+");
        if (parts.length != 2 || !parts[1].equals("kB")) {
            throw new MalformedProcFileException(FILE, key + " is not 'N kB': " + value);
        }
        try {
            return Math.multiplyExact(Long.parseLong(parts[0]), 1024L);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedProcFileException(FILE, key + " is not a size: " + value, e);
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException(FILE, key + " is not a number: " + value, e);
        }
    }
}
