package dev.leakwatch.agent.procfs;

/** Parses /proc/PID/statm: {@code size resident shared text lib data dt}, in pages. */
public final class StatmParser {
    private static final String FILE = "/proc/PID/statm";

    private StatmParser() {
    }

    public static PidStatm parse(String text, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        }
        final String trimmed = text.strip();
        final int first = trimmed.indexOf(' ');
        final int second = first < 0 ? -1 : trimmed.indexOf(' ', first + 1);
        final int third = second < 0 ? -1 : trimmed.indexOf(' ', second + 1);
        if (third < 0) {
            throw new MalformedProcFileException(FILE, "fewer than 4 fields: " + abbreviate(trimmed));
        }
        return new PidStatm(
                bytes(trimmed.substring(0, first), pageSize, "size"),
                bytes(trimmed.substring(first + 1, second), pageSize, "resident"),
                bytes(trimmed.substring(second + 1, third), pageSize, "shared"));
    }

    private static long bytes(String pages, int pageSize, String name) {
        try {
            final long value = Long.parseLong(pages);
            if (value < 0) {
                throw new MalformedProcFileException(FILE, name + " is negative: " + pages);
            }
            return Math.multiplyExact(value, (long) pageSize);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedProcFileException(FILE, name + " is not a page count: " + abbreviate(pages), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
