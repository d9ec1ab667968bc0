package io.interpose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interpose.manager.tls.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Talks to a running lab as its {@code lab.json} describes it: base URL, admin credentials and the CA
 * certificate to trust (and nothing else).
 */
final class LabClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final String authorization;

    private LabClient(HttpClient http, String base, String authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
    }

    static LabClient fromLabJson(Path dataDir) {
        Path file = dataDir.resolve("lab.json");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no lab at " + dataDir.toAbsolutePath() + " (missing lab.json); start one with ./interpose lab");
        }
        try {
            JsonNode info = MAPPER.readTree(file.toFile());
            String credentials = info.path("user").asText() + ":" + info.path("password").asText();
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            String ca = info.path("ca_cert").asText();
            if (!ca.isEmpty()) {
                builder.sslContext(TlsMaterial.clientContextTrusting(Path.of(ca)));
            }
            return new LabClient(builder.build(), info.path("api").asText(),
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot use " + file + ": " + e.getMessage(), e);
        }
    }


    /** Sends a request; returns the body text, or throws with the API's error message. */
    String send(String method, String path, String jsonBody) {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                JsonNode error = MAPPER.readTree(response.body());
                throw new IllegalStateException(response.statusCode() + ": " + error.path("error_message").asText(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the lab at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String pretty(String json) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
