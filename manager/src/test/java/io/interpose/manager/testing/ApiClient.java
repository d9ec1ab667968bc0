package io.interpose.manager.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.interpose.manager.openapi.OpenApiValidator;
import io.interpose.manager.tls.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS client of the manager for tests, trusting only the manager's CA. Every response it
 * receives is checked against the OpenAPI document, so the document cannot drift from the server.
 */
public final class ApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OpenApiValidator OPENAPI = OpenApiValidator.fromClasspath();
    private final HttpClient http;
    private final String base;
    private final Optional<String> authorization;

    private ApiClient(HttpClient http, String base, Optional<String> authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
    }

    public static ApiClient anonymous(String base, Optional<Path> caCertificate) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        caCertificate.ifPresent(ca -> builder.sslContext(trusting(ca)));
        return new ApiClient(builder.build(), base, Optional.empty());
    }

    public ApiClient withBasic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new ApiClient(http, base, Optional.of("Basic " + token));
    }

    public ApiClient withBearer(String token) {
        return new ApiClient(http, base, Optional.of("Bearer " + token));
    }

    public ApiClient withAuthorization(String header) {
        return new ApiClient(http, base, Optional.of(header));
    }

    public ApiResponse get(String path) {
        return send("GET", path, null);
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, json(body));
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, json(body));
    }

    public ApiResponse patch(String path, Object body) {
        return send("PATCH", path, json(body));
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends {@code body} verbatim (for malformed input tests). */
    public ApiResponse send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        authorization.ifPresent(a -> request.header("Authorization", a));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(response.body());
            String pathOnly = URI.create(base + path).getPath();
            List<String> problems = OPENAPI.check(method, pathOnly, response.statusCode(), parsed);
            assertThat(problems).as("%s %s -> %s %s does not conform to the OpenAPI document", method, path,
                    response.statusCode(), response.body()).isEmpty();
            return new ApiResponse(response.statusCode(), parsed, response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A TLS context trusting only the CA in {@code caPem} (the manager's). */
    public static SSLContext trusting(Path caPem) {
        return TlsMaterial.clientContextTrusting(caPem);
    }
}
