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
     * scanned in place rather than split, because this file is read for every process every tick.
     */
    public static PidStat parse(String text) {
        final int open = text.indexOf('(');
        final int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new MalformedProcFileException(FILE, "no '(comm)' in " + abbreviate(text));
        }
        final String[] fields = new String[LAST_FIELD_NEEDED - FIRST_FIELD_AFTER_COMM + 1];
        int count = 0;
        int i = close + 1;
        final int end = text.length();
        while (count < fields.length) {
            while (i < end && isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            final int start = i;
            while (i < end && !isBlank(text.charAt(i))) {
                i++;
            }
            fields[count++] = text.substring(start, i);
        }
        if (count < fields.length) {
            throw new MalformedProcFileException(FILE, "only " + (count + 2) + " fields, need " + LAST_FIELD_NEEDED);
        }
        final String state = field(fields, 3);
        if (state.length() != 1) {
            throw new MalformedProcFileException(FILE, "state is not one letter: " + state);
        }
        return new PidStat(
                parseInt(text.substring(0, open).trim(), "pid"),
                text.substring(open + 1, close),
                state.charAt(0),
                parseInt(field(fields, 4), "ppid"),
                parseLong(field(fields, 9), "flags"),
                parseInt(field(fields, 20), "num_threads"),
                parseLong(field(fields, 22), "starttime"));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\n' || c == '\t';
    }

    /** Field numbers as in proc(5), counting pid as 1 and comm as 2. */
    private static String field(String[] afterComm, int number) {
        return afterComm[number - FIRST_FIELD_AFTER_COMM];
    }

    private static int parseInt(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException(FILE, name + " is not a number: " + abbreviate(value), e);
        }
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException(FILE, name + " is not a number: " + abbreviate(value), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text.strip() : text.substring(0, 80) + "...";
    }
}
