package dev.leakwatch.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which processes the minute sweep has to look at. Each process is filed under the minute from
 * which a sweep might find something to do about it (before then no sweep can: see
 * {@code DetectLeaksProcessor#sweepDue}); a sweep takes what is due by its clock and files again
 * what it looked at. So a sweep visits the few processes that fell quiet and the ended ones whose
 * time to be evicted came, not every process it keeps.
 */
final class SweepSchedule {
    private static final long MINUTE = 60_000;

    private final TreeMap<Long, List<String>> byMinute = new TreeMap<>();

    /** Files a process to be looked at by the first sweep at or after the minute of {@code dueAt} (event time, epoch ms). */
    void file(String key, long dueAt) {
        byMinute.computeIfAbsent(Math.floorDiv(dueAt, MINUTE), minute -> new ArrayList<>()).add(key);
    }

    /** Takes the processes filed under the minute of {@code clock} or earlier; they are filed no longer. */
    List<String> takeDue(long clock) {
        long minute = Math.floorDiv(clock, MINUTE);
        List<String> due = new ArrayList<>();
        while (!byMinute.isEmpty() && byMinute.firstKey() <= minute) {
            due.addAll(byMinute.pollFirstEntry().getValue());
        }
        return due;
    }
}
