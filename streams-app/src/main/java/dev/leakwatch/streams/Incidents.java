package dev.leakwatch.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.leakwatch.detect.IncidentEvent;
import dev.leakwatch.detect.LeakResource;
import dev.leakwatch.detect.ProcessLabels;
import dev.leakwatch.detect.Reading;
import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;

/** Turns the detector's decisions into incident events of the Avro contract. */
final class Incidents {
    private Incidents() {
    }

    static LeakIncident of(ProcessIdentity process, ProcessLabels labels, IncidentEvent event) {
        List<Resource> related = new ArrayList<>(event.relatedResources().size());
        for (LeakResource resource : event.relatedResources()) {
            related.add(Resource.valueOf(resource.name()));
        }
        return LeakIncident.newBuilder()
                .setIncidentId(IncidentIds.of(process.key(), event.resource()))
                .setStatus(IncidentStatus.valueOf(event.transition().name()))
                .setResource(Resource.valueOf(event.resource().name()))
                .setRelatedResources(related)
                .setHost(process.host())
                .setPid(process.pid())
                .setStartTime(Instant.ofEpochMilli(process.startTime()))
                .setComm(labels.name())
                .setService(labels.service())
                .setVersion(labels.version())
                .setEventTime(Instant.ofEpochMilli(event.eventTime()))
                .setSeverity(Severity.valueOf(event.severity().name()))
                .setSlopePerHour(event.slopePerHour())
                .setCurrentValue(event.currentValue())
                .setLimit(event.limit() == Reading.NO_LIMIT ? null : event.limit())
                .setTimeToExhaustionSeconds(event.timeToExhaustionSeconds() < 0 ? null : event.timeToExhaustionSeconds())
                .setExhausts(event.exhausts() == null ? null : Resource.valueOf(event.exhausts().name()))
                .setConfidence(event.confidence())
                .setPattern(event.pattern())
                .setHint(event.hint())
                .setReason(event.reason())
                .build();
    }
}
