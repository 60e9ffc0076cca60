package dev.leakwatch.agent.procfs;

/** Parses /proc/PID/stat. */
public final class StatParser {
    private static final String FILE = "/proc/PID/stat";
    /** Fields after the comm start at field 3 (state); field 22 (starttime) is the last one we need. */
    private static final int FIRST_FIELD_AFTER_COMM = 3;
    private static final int LAST_FIELD_NEEDED = 22;

    private StatParser() {
    }

    /**
     * The comm is everything between the first '(' and the last ')': a process may name itself
     * {@code (a b ) ( c d)}, so neither spaces nor parentheses delimit it. The fields after it are
     * scanned in place, and only the numbers needed are parsed, because this file is read for every
     * process every tick.
     */
    public static PidStat parse(String text) {
        final int open = text.indexOf('(');
        final int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new MalformedProcFileException(FILE, "no '(comm)' in " + abbreviate(text));
        }
        final int[] starts = new int[LAST_FIELD_NEEDED - FIRST_FIELD_AFTER_COMM + 1];
        final int[] ends = new int[starts.length];
        int count = 0;
        int i = close + 1;
        final int end = text.length();
        while (count < starts.length) {
            while (i < end && isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            starts[count] = i;
            while (i < end && !isBlank(text.charAt(i))) {
                i++;
            }
            ends[count++] = i;
        }
        if (count < starts.length) {
            throw new MalformedProcFileException(FILE, "only " + (count + 2) + " fields, need " + LAST_FIELD_NEEDED);
        }
        final int state = 3 - FIRST_FIELD_AFTER_COMM;
        if (ends[state] - starts[state] != 1) {
            throw new MalformedProcFileException(FILE, "state is not one letter: " + text.substring(starts[state], ends[state]));
        }
        return new PidStat(
                (int) parseNumber(text, 0, open, "pid", Integer.MAX_VALUE),
                text.substring(open + 1, close),
                text.charAt(starts[state]),
                (int) field(text, starts, ends, 4, "ppid", Integer.MAX_VALUE),
                field(text, starts, ends, 9, "flags", Long.MAX_VALUE),
                (int) field(text, starts, ends, 20, "num_threads", Integer.MAX_VALUE),
                field(text, starts, ends, 22, "starttime", Long.MAX_VALUE));
    }

    /** Field numbers as in proc(5), counting pid as 1 and comm as 2. */
    private static long field(String text, int[] starts, int[] ends, int number, String name, long max) {
        final int index = number - FIRST_FIELD_AFTER_COMM;
        return parseNumber(text, starts[index], ends[index], name, max);
    }

    /** A non-negative decimal between {@code from} and {@code to}, blanks around it allowed. */
    private static long parseNumber(String text, int from, int to, String name, long max) {
        int start = from;
        int end = to;
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        if (start == end || end - start > 19) {
            throw notANumber(text, from, to, name);
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            final int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw notANumber(text, from, to, name);
            }
            value = value * 10 + digit;
            if (value < 0 || value > max) {
                throw notANumber(text, from, to, name);
            }
        }
        return value;
    }

    private static MalformedProcFileException notANumber(String text, int from, int to, String name) {
        return new MalformedProcFileException(FILE, name + " is not a number: " + abbreviate(text.substring(from, to)));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\n' || c == '\t';
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text.strip() : text.substring(0, 80) + "...";
    }
}
