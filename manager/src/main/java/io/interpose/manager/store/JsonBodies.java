package io.interpose.manager.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Resource bodies as stored: compact JSON text, read back as {@link ObjectNode}. One shared mapper. */
final class JsonBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("resource body cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    static ObjectNode read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new StoreException("stored body is not a JSON object: " + abbreviated(json));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored body is not valid JSON: " + abbreviated(json), e);
        }
    }

    /** {@code body} as it will read back from the store (a deep copy, numbers as parsed). */
    static ObjectNode canonical(ObjectNode body) {
        return read(write(body));
    }

    private static String abbreviated(String json) {
        return json.length() <= 80 ? json : json.substring(0, 80) + "...";
    }
}
