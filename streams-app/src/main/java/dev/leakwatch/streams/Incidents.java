package dev.leakwatch.streams;

import java.time.Instant;
import java.util.List;

import dev.leakwatch.detect.LeakFinding;
import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;

/** Builds incident events (the Avro contract) from the detector's findings. */
final class Incidents {
    private Incidents() {
    }

    static LeakIncident opened(ProcessSample sample, LeakFinding finding) {
        return LeakIncident.newBuilder()
                .setIncidentId(IncidentIds.of(ProcessKey.of(sample), finding.resource()))
                .setStatus(IncidentStatus.OPENED)
                .setResource(Resource.valueOf(finding.resource().name()))
                .setRelatedResources(List.of())
                .setHost(sample.getHost())
                .setPid(sample.getPid())
                .setStartTime(sample.getStartTime())
                .setComm(sample.getComm())
                .setService(sample.getService())
                .setVersion(sample.getVersion())
                .setEventTime(Instant.ofEpochMilli(finding.eventTime()))
                .setSeverity(Severity.valueOf(finding.severity().name()))
                .setSlopePerHour(finding.slopePerHour())
                .setCurrentValue(finding.currentValue())
                .setLimit(finding.limit())
                .setTimeToExhaustionSeconds(finding.timeToExhaustionSeconds())
                .setConfidence(finding.confidence())
                .setPattern(finding.pattern())
                .setHint(finding.hint())
                .setReason(null)
                .build();
    }
}
