package dev.leakwatch.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed access to the fields of one JSON object line, failing with a message that names the field
 * and shows the line, so a user can fix a fixture or a replay file without a debugger.
 */
final class JsonFields {
    static final ObjectMapper MAPPER = new ObjectMapper()
            // "{...} garbage" is a broken line, not a record followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int SHOWN_CHARS = 200;

    private final JsonNode object;
    private final String kind;
    private final String line;
    /** Where this object sits in the line, e.g. "tcp." for the nested tcp object. */
    private final String prefix;

    private JsonFields(JsonNode object, String kind, String line, String prefix) {
        this.object = object;
        this.kind = kind;
        this.line = line;
        this.prefix = prefix;
    }

    /** @param kind what the line should hold, for messages ("sample", "incident") */
    static JsonFields parse(String line, String kind) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("invalid " + kind + " line: it is empty, expected one JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid " + kind + " line: not valid JSON (" + e.getOriginalMessage()
                    + ") in " + shown(line), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("invalid " + kind + " line: expected one JSON object, got " + shown(line));
        }
        return new JsonFields(node, kind, line, "");
    }

    /** The fields of a nested object (null when absent), reported as {@code outer.inner}. */
    JsonFields nested(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("field '" + prefix + name + "' must be an object, got " + value);
        }
        return new JsonFields(value, kind, line, prefix + name + ".");
    }

    String requiredText(String name) {
        JsonNode value = required(name);
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw invalid("field '" + prefix + name + "' must be a non-empty string, got " + value);
        }
        return value.textValue();
    }

    int requiredInt(String name) {
        return toInt(name, required(name));
    }

    long requiredLong(String name) {
        return toLong(name, required(name));
    }

    Instant requiredEpochMillis(String name) {
        return Instant.ofEpochMilli(requiredLong(name));
    }

    double requiredDouble(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw invalid("field '" + prefix + name + "' must be a number, got " + value);
        }
        return value.doubleValue();
    }

    String optionalText(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("field '" + prefix + name + "' must be a string or null, got " + value);
        }
        return value.textValue();
    }

    Integer optionalInt(String name) {
        JsonNode value = optional(name);
        return value == null ? null : toInt(name, value);
    }

    Long optionalLong(String name) {
        JsonNode value = optional(name);
        return value == null ? null : toLong(name, value);
    }

    /** An int that is 0 when absent, as a missing {@code tcp} state means no such socket. */
    int intOrZero(String name) {
        Integer value = optionalInt(name);
        return value == null ? 0 : value;
    }

    /** The elements of an optional array of strings; empty when absent or null. */
    List<String> textArray(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("field '" + prefix + name + "' must be an array of strings, got " + value);
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid("field '" + prefix + name + "' must be an array of strings, got " + value);
            }
            items.add(item.textValue());
        }
        return items;
    }

    IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("invalid " + kind + " line: " + problem + " in " + shown(line));
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    private JsonNode required(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw invalid("missing required field '" + prefix + name + "'");
        }
        if (value.isNull()) {
            throw invalid("required field '" + prefix + name + "' is null");
        }
        return value;
    }

    private JsonNode optional(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private int toInt(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("field '" + prefix + name + "' must be a whole number that fits in 32 bits, got " + value);
        }
        return value.intValue();
    }

    private long toLong(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("field '" + prefix + name + "' must be a whole number that fits in 64 bits, got " + value);
        }
        return value.longValue();
    }

    private static String shown(String line) {
        return line.length() <= SHOWN_CHARS ? line : line.substring(0, SHOWN_CHARS) + "...";
    }
}
