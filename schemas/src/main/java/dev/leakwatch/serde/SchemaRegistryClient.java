package dev.leakwatch.serde;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the Confluent Schema Registry REST API, for the three calls a serde needs. It works
 * with any registry that speaks that API (Confluent's, Apicurio's ccompat API, Karapace). Answers
 * are cached in both directions, as Confluent's client does, so a serde asks the registry once
 * per schema and not once per record. Thread-safe.
 */
public final class SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's Java client accepts, so content negotiation picks the same response. */
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    // Unbounded on purpose: they hold one entry per schema version in use, a handful per topic.
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when the TLS stores cannot be loaded */
    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                // HTTP/1.1: the default would try an h2c upgrade on every plain-http request.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .sslContext(SslContexts.build(settings.trustStore(), settings.keyStore()))
                .build();
        this.authorization = settings.basicAuthUserInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    }

    public SchemaRegistrySettings settings() {
        return settings;
    }

    /**
     * Registers the schema under the subject, or finds it if it is there already, and returns its
     * id ({@code POST /subjects/{subject}/versions}).
     */
    public int register(String subject, Schema schema) {
        return idFor(subject, schema, "/versions");
    }

    /**
     * The id of a schema already registered under the subject ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} when it is not
     */
    public int lookup(String subject, Schema schema) {
        return idFor(subject, schema, "");
    }

    /** The schema with that id ({@code GET /schemas/ids/{id}}). */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException("schema id " + id + " in the schema registry at " + settings.describeUrls()
                    + " is a " + type + " schema, not Avro", 200, -1, null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema id " + id + " from the schema registry at " + settings.describeUrls()
                    + " is not a valid Avro schema: " + e.getMessage(), 200, -1, e);
        }
        schemasById.put(id, schema);
        return schema;
    }

    private int idFor(String subject, Schema schema, String pathSuffix) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        // Avro's own toString, as Confluent's serializer sends it: the same text gets the same id.
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        JsonNode answer = send("POST", "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + pathSuffix, body);
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException("the schema registry at " + settings.describeUrls()
                    + " answered without a schema id: " + answer, 200, -1, null);
        }
        int id = answer.path("id").intValue();
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * Sends one request, trying each URL in order and the whole list again after a backoff when
     * the failure is transient (no connection, HTTP 5xx or 429). Every call here is idempotent, so
     * a request that may have reached the registry is safe to repeat. A 4xx is the registry's
     * considered answer and is never retried.
     */
    private JsonNode send(String method, String path, String body) {
        int attempts = settings.retries() + 1;
        List<String> lastFailures = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            lastFailures.clear();
            for (URI base : settings.urls()) {
                URI uri = URI.create(base + path);
                HttpResponse<String> response;
                try {
                    response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    lastFailures.add(base + ": " + describe(e));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("interrupted while calling the schema registry at " + base, 0, -1, e);
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body(), method, uri);
                }
                if (status >= 500 || status == 429) {
                    lastFailures.add(base + ": HTTP " + status + " " + abbreviate(response.body()));
                    continue;
                }
                throw errorAnswer(method, path, base, status, response.body());
            }
            if (attempt < attempts) {
                sleep(backoff(attempt));
            }
        }
        throw new SchemaRegistryException("schema registry unreachable: " + method + " " + path + " failed after "
                + attempts + " attempt(s) at " + settings.describeUrls() + "; last errors: "
                + String.join("; ", lastFailures), 0, -1, null);
    }

    private HttpRequest request(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static SchemaRegistryException errorAnswer(String method, String path, URI base, int status, String body) {
        int errorCode = -1;
        String message = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            errorCode = error.path("error_code").asInt(-1);
            message = error.path("message").asText(message);
        } catch (JsonProcessingException notJson) {
            // keep the raw body: a proxy's HTML error page says more than nothing
        }
        return new SchemaRegistryException("schema registry at " + base + " answered HTTP " + status
                + (errorCode == -1 ? "" : " (error_code " + errorCode + ")") + " to " + method + " " + path + ": "
                + message, status, errorCode, null);
    }

    private static JsonNode parse(String body, String method, URI uri) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("the schema registry answered " + method + " " + uri
                    + " with something that is not JSON: " + abbreviate(body), 200, -1, e);
        }
    }

    private static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause()) {
            message = t.getMessage();
        }
        if (message == null && e instanceof ConnectException) {
            // The JDK's HttpClient reports a refused connection with no message at any level.
            message = "connection refused or host unreachable";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    static Duration backoff(int attempt) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry the schema registry", 0, -1, e);
        }
    }
}
