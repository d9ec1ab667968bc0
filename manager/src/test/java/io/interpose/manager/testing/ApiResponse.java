package io.interpose.manager.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A response as tests see it: status, parsed body (missing node when empty) and headers. */
public record ApiResponse(int status, JsonNode body, HttpHeaders headers, String raw) {
    public String errorMessage() {
        return body.path("error_message").asText();
    }

    public int errorCode() {
        return body.path("error_code").asInt();
    }

    @Override
    public String toString() {
        return status + " " + raw;
    }
}
