package dev.leakwatch.detect;

/**
 * One value of one resource in one sample, with the limit it runs into.
 *
 * @param limit the limit, or {@link #NO_LIMIT} when there is none or it is unknown
 */
public record Reading(LeakResource resource, long value, long limit) {
    public static final long NO_LIMIT = -1;

    public Reading {
        if (resource == null) {
            throw new IllegalArgumentException("a reading needs a resource");
        }
        if (value < 0) {
            throw new IllegalArgumentException(resource + " value must not be negative, got " + value);
        }
        if (limit != NO_LIMIT && limit <= 0) {
            throw new IllegalArgumentException(resource + " limit must be positive or NO_LIMIT, got " + limit);
        }
    }

    public boolean hasLimit() {
        return limit != NO_LIMIT;
    }
}
