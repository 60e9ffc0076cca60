package dev.leakwatch.serde;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Asks the registry's REST API directly, independently of the client under test. */
final class RegistryRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryRest() {
    }

    /** The id of the latest version under the subject. */
    static int latestId(String registryUrl, String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions/latest")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET latest of " + subject + ": HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = JSON.readTree(response.body());
        return answer.path("id").intValue();
    }

    /** Registers a schema text by hand and returns its id. */
    static int register(String registryUrl, String subject, String schema) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("schema", schema).toString();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("register under " + subject + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("id").intValue();
    }
}
