package dev.leakwatch.sim;

import java.util.List;

import dev.leakwatch.schema.Resource;
import dev.leakwatch.topic.ProcessKey;

/**
 * The label of one process incarnation: what it really did. All times are epoch milliseconds on the
 * host's own (possibly skewed) clock, the clock of its samples and thus of incidents about it.
 *
 * @param expectedResource the root cause an incident should name, or null when the process never leaked
 *                         while it was watched (healthy, or a late leak that had not started yet)
 * @param leakOnset        when the leak began (null when none)
 * @param exhaustionTime   when the leaking resource reaches its limit on the leak's noiseless trend;
 *                         may lie after {@code endTime} (restarted first) or after the simulation
 * @param limit            the limit the leaking resource runs into (null when none)
 * @param firstSample      timestamp of the first sample the agent sent of it (null when none was sent)
 * @param lastSample       timestamp of the last sample the agent sent of it (null when none was sent)
 */
public record GroundTruth(
        String host,
        int pid,
        long startTime,
        String service,
        Scenario scenario,
        Resource expectedResource,
        List<Resource> relatedResources,
        Long leakOnset,
        Long exhaustionTime,
        Long limit,
        long endTime,
        EndReason endReason,
        Long firstSample,
        Long lastSample,
        long samples) {

    public GroundTruth {
        relatedResources = List.copyOf(relatedResources);
        if (expectedResource != null && (leakOnset == null || exhaustionTime == null)) {
            throw new IllegalArgumentException("a leaking incarnation needs an onset and an exhaustion time");
        }
        if ((firstSample == null) != (lastSample == null) || (samples == 0) != (firstSample == null)) {
            throw new IllegalArgumentException("first and last sample are set exactly when samples were sent");
        }
    }

    /** {@code host/pid/start_time}: the key of this incarnation's samples and the prefix of its incident ids. */
    public String processKey() {
        return ProcessKey.of(host, pid, startTime);
    }

    public boolean leaks() {
        return expectedResource != null;
    }

    public boolean observed() {
        return samples > 0;
    }

    /** Onset to exhaustion, in milliseconds (the leak's life). */
    public long leakLifeMillis() {
        if (!leaks()) {
            throw new IllegalStateException(processKey() + " does not leak");
        }
        return exhaustionTime - leakOnset;
    }
}
