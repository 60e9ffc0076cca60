package dev.leakwatch.sim;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.schema.Resource;

/**
 * The ground-truth file: one JSON object per process incarnation, one per line, with snake_case
 * keys like the sample and incident forms. Times are epoch milliseconds on the host's clock.
 */
public final class GroundTruthJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GroundTruthJson() {
    }

    public static String format(GroundTruth truth) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("host", truth.host())
                .put("pid", truth.pid())
                .put("start_time", truth.startTime())
                .put("service", truth.service())
                .put("scenario", truth.scenario().label())
                .put("expected_resource", truth.expectedResource() == null ? null : truth.expectedResource().name());
        ArrayNode related = json.putArray("related_resources");
        truth.relatedResources().forEach(r -> related.add(r.name()));
        json.put("leak_onset", truth.leakOnset())
                .put("exhaustion_time", truth.exhaustionTime())
                .put("limit", truth.limit())
                .put("end_time", truth.endTime())
                .put("end_reason", truth.endReason().name())
                .put("first_sample", truth.firstSample())
                .put("last_sample", truth.lastSample())
                .put("samples", truth.samples());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ground-truth line failed to serialise", e);
        }
    }

    /** @throws IllegalArgumentException naming the problem when the line is not a ground-truth object */
    public static GroundTruth parse(String line) {
        try {
            JsonNode json = MAPPER.readTree(line);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("expected one JSON object");
            }
            List<Resource> related = new ArrayList<>();
            json.path("related_resources").forEach(r -> related.add(Resource.valueOf(r.asText())));
            return new GroundTruth(
                    required(json, "host").asText(),
                    required(json, "pid").asInt(),
                    required(json, "start_time").asLong(),
                    json.path("service").isNull() || json.path("service").isMissingNode() ? null : json.get("service").asText(),
                    Scenario.byLabel(required(json, "scenario").asText()),
                    optionalText(json, "expected_resource") == null ? null : Resource.valueOf(optionalText(json, "expected_resource")),
                    related,
                    optionalLong(json, "leak_onset"),
                    optionalLong(json, "exhaustion_time"),
                    optionalLong(json, "limit"),
                    required(json, "end_time").asLong(),
                    EndReason.valueOf(required(json, "end_reason").asText()),
                    optionalLong(json, "first_sample"),
                    optionalLong(json, "last_sample"),
                    required(json, "samples").asLong());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid ground-truth line (" + e.getMessage() + "): " + line, e);
        }
    }

    public static void write(Path file, List<GroundTruth> truths) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GroundTruth truth : truths) {
                out.write(format(truth));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file, e);
        }
    }

    public static List<GroundTruth> read(Path file) {
        List<GroundTruth> truths = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    truths.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground truth from " + file, e);
        }
        return truths;
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long optionalLong(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
