package dev.leakwatch.agent;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what went wrong reading /proc, by kind and file. Vanished processes are normal
 * churn; permission errors say the agent lacks a capability; malformed files say a parser is wrong.
 */
public final class ReadErrorCounters {
    private final Map<ProcFile, LongAdder> permissionDenied = adders();
    private final Map<ProcFile, LongAdder> malformed = adders();
    private final Map<ProcFile, LongAdder> otherIo = adders();
    private final LongAdder vanished = new LongAdder();
    private final LongAdder kernelThreadsSkipped = new LongAdder();

    /** Reads refused with EACCES/EPERM; the process was still sampled without that field. */
    public long permissionDenied(ProcFile file) {
        return permissionDenied.get(file).sum();
    }

    /** Files whose text a parser rejected. */
    public long malformed(ProcFile file) {
        return malformed.get(file).sum();
    }

    /** Other I/O errors on a process that still exists. */
    public long otherIoErrors(ProcFile file) {
        return otherIo.get(file).sum();
    }

    /** Processes that exited between the listing of the proc root and the end of their reads. */
    public long vanished() {
        return vanished.sum();
    }

    public long kernelThreadsSkipped() {
        return kernelThreadsSkipped.sum();
    }

    public long permissionDeniedTotal() {
        return permissionDenied.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long otherIoErrorsTotal() {
        return otherIo.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void countPermissionDenied(ProcFile file) {
        permissionDenied.get(file).increment();
    }

    void countMalformed(ProcFile file) {
        malformed.get(file).increment();
    }

    void countOtherIoError(ProcFile file) {
        otherIo.get(file).increment();
    }

    void countVanished() {
        vanished.increment();
    }

    void countKernelThreadSkipped() {
        kernelThreadsSkipped.increment();
    }

    /** The non-zero counters, for a log line. */
    @Override
    public String toString() {
        final StringJoiner out = new StringJoiner(", ", "{", "}");
        out.add("vanished=" + vanished());
        appendNonZero(out, "permission_denied", permissionDenied);
        appendNonZero(out, "malformed", malformed);
        appendNonZero(out, "io_error", otherIo);
        return out.toString();
    }

    private static void appendNonZero(StringJoiner out, String kind, Map<ProcFile, LongAdder> counters) {
        counters.forEach((file, adder) -> {
            final long count = adder.sum();
            if (count > 0) {
                out.add(kind + "." + file.label() + "=" + count);
            }
        });
    }

    private static Map<ProcFile, LongAdder> adders() {
        final Map<ProcFile, LongAdder> map = new EnumMap<>(ProcFile.class);
        for (ProcFile file : ProcFile.values()) {
            map.put(file, new LongAdder());
        }
        return map;
    }
}
