package dev.leakwatch.agent.procfs;

/** Parses /proc/sys/kernel/threads-max: the most tasks the kernel allows in all, one number. */
public final class ThreadsMaxParser {
    private static final String FILE = "/proc/sys/kernel/threads-max";

    private ThreadsMaxParser() {
    }

    public static long parse(String text) {
        final String value = text.trim();
        try {
            final long tasks = Long.parseLong(value);
            if (tasks < 0) {
                throw new MalformedProcFileException(FILE, "negative: " + value);
            }
            return tasks;
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException(FILE, "not a task count: " + value, e);
        }
    }
}
