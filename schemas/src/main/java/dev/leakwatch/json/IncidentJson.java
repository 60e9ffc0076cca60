package dev.leakwatch.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;

/**
 * The JSON line form of a {@link LeakIncident}: what replay writes and {@code tail --json}
 * prints. Every key is always present (null when unknown), in the documented order, so that
 * line-oriented tools and diffs of replay output stay stable.
 */
public final class IncidentJson {
    private static final String KIND = "incident";

    private IncidentJson() {
    }

    /** One line, no trailing newline. */
    public static String format(LeakIncident incident) {
        ObjectNode json = JsonFields.MAPPER.createObjectNode()
                .put("incident_id", incident.getIncidentId())
                .put("status", incident.getStatus().name())
                .put("resource", incident.getResource().name());
        ArrayNode related = json.putArray("related_resources");
        incident.getRelatedResources().forEach(resource -> related.add(resource.name()));
        json.put("host", incident.getHost())
                .put("pid", incident.getPid())
                .put("start_time", incident.getStartTime().toEpochMilli())
                .put("comm", incident.getComm())
                .put("service", incident.getService())
                .put("version", incident.getVersion())
                .put("event_time", incident.getEventTime().toEpochMilli())
                .put("severity", incident.getSeverity().name())
                .put("slope_per_hour", incident.getSlopePerHour())
                .put("current_value", incident.getCurrentValue())
                // put(String, Long) writes JSON null for a null Long
                .put("limit", incident.getLimit())
                .put("time_to_exhaustion_seconds", incident.getTimeToExhaustionSeconds())
                .put("exhausts", incident.getExhausts() == null ? null : incident.getExhausts().name())
                .put("confidence", incident.getConfidence())
                .put("pattern", incident.getPattern())
                .put("hint", incident.getHint())
                .put("reason", incident.getReason());
        return JsonFields.write(json);
    }

    /**
     * @throws IllegalArgumentException naming the field when a required one is missing or a
     *                                  field has the wrong type or an unknown status or severity
     */
    public static LeakIncident parse(String line) {
        JsonFields json = JsonFields.parse(line, KIND);
        List<Resource> related = new ArrayList<>();
        for (String name : json.textArray("related_resources")) {
            related.add(resource(name));
        }
        String exhausts = json.optionalText("exhausts");
        return LeakIncident.newBuilder()
                .setIncidentId(json.requiredText("incident_id"))
                .setStatus(enumValue(json, "status", IncidentStatus.class))
                .setResource(resource(json.requiredText("resource")))
                .setRelatedResources(related)
                .setHost(json.requiredText("host"))
                .setPid(json.requiredInt("pid"))
                .setStartTime(json.requiredEpochMillis("start_time"))
                .setComm(json.requiredText("comm"))
                .setService(json.optionalText("service"))
                .setVersion(json.optionalText("version"))
                .setEventTime(json.requiredEpochMillis("event_time"))
                .setSeverity(enumValue(json, "severity", Severity.class))
                .setSlopePerHour(json.requiredDouble("slope_per_hour"))
                .setCurrentValue(json.requiredLong("current_value"))
                .setLimit(json.optionalLong("limit"))
                .setTimeToExhaustionSeconds(json.optionalLong("time_to_exhaustion_seconds"))
                // lines written before the field existed have no key: the projection is against resource's own limit
                .setExhausts(exhausts == null ? null : resource(exhausts))
                .setConfidence(json.requiredDouble("confidence"))
                .setPattern(json.requiredText("pattern"))
                .setHint(json.optionalText("hint"))
                .setReason(json.optionalText("reason"))
                .build();
    }

    /** A resource this build does not know reads as OTHER, as the Avro enum's default does. */
    private static Resource resource(String name) {
        try {
            return Resource.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Resource.OTHER;
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonFields json, String field, Class<E> type) {
        String name = json.requiredText(field);
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw json.invalid("field '" + field + "' is '" + name + "', expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
