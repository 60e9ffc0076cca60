package dev.leakwatch.agent.procfs;

import java.util.OptionalLong;

/** Parses the limit files of a cgroup (memory, pids); "no limit" is an empty result, not a huge number. */
public final class CgroupLimitParser {
    /**
     * cgroup v1 reports "no limit" as PAGE_COUNTER_MAX pages in bytes: Long.MAX_VALUE rounded down to
     * a page (9223372036854771712 with 4 KiB pages). Anything at or above Long.MAX_VALUE rounded down
     * to the largest page size Linux uses (64 KiB) is such a value.
     */
    static final long V1_UNLIMITED_AT_OR_ABOVE = Long.MAX_VALUE & ~0xFFFFL;

    private CgroupLimitParser() {
    }

    /** cgroup v2 {@code memory.max}: a byte count, or "max" for no limit. */
    public static OptionalLong memoryMax(String text) {
        final String value = text.trim();
        if (value.equals("max")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseBytes("memory.max", value));
    }

    /** {@code pids.max}, the same file in cgroup v1 and v2: a task count, or "max" for no limit. */
    public static OptionalLong pidsMax(String text) {
        final String value = text.trim();
        if (value.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            final long tasks = Long.parseLong(value);
            if (tasks < 0) {
                throw new MalformedProcFileException("pids.max", "negative limit: " + value);
            }
            return OptionalLong.of(tasks);
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException("pids.max", "not a task count: " + value, e);
        }
    }

    /** cgroup v1 {@code memory.limit_in_bytes}. */
    public static OptionalLong limitInBytes(String text) {
        final long bytes = parseBytes("memory.limit_in_bytes", text.trim());
        return bytes >= V1_UNLIMITED_AT_OR_ABOVE ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    private static long parseBytes(String file, String value) {
        try {
            final long bytes = Long.parseLong(value);
            if (bytes < 0) {
                throw new MalformedProcFileException(file, "negative limit: " + value);
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new MalformedProcFileException(file, "not a byte count: " + value, e);
        }
    }
}
