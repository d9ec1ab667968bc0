package io.interpose.manager.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.model.policy.Expression;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the API: snake_case field names from record components, strict binding (wrong
 * types, unknown fields and unknown enum values are errors that name the field and, for enums, the
 * allowed values).
 */
public final class Json {
    public static final ObjectMapper MAPPER = createMapper();

    static {
        registerFamily(Expression.class, Expression.TYPES);
    }

    private Json() {}

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
                .build();
        return JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Absent primitives take their default (0, false), as the API documents for sequence_number and flags.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /**
     * Registers polymorphic binding for a sealed family discriminated by {@code resource_type}. Call
     * before the first use of the family.
     */
    public static <T> void registerFamily(Class<T> family, Map<String, Class<? extends T>> types) {
        MAPPER.addMixIn(family, ResourceTypeMixin.class);
        types.forEach((name, type) -> MAPPER.registerSubtypes(new NamedType(type, name)));
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "resource_type")
    private interface ResourceTypeMixin {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Parses a request body that must be one JSON object. */
    public static ObjectNode parseObject(String body, String module) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, ErrorCode.MALFORMED_BODY, module, "The request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, ErrorCode.MALFORMED_BODY, module, "The request body is not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(400, ErrorCode.MALFORMED_BODY, module, "The request body must be a JSON object");
        }
        return object;
    }

    /** Binds {@code node} to {@code type}, turning every binding failure into a 400 naming the field. */
    public static <T> T bind(JsonNode node, Class<T> type, String module) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw bindingError(e, module);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCode.FIELD_INVALID, module, "Invalid request body: " + rootMessage(e));
        }
    }

    static ApiException bindingError(JsonProcessingException e, String module) {
        String field = e instanceof JsonMappingException m ? fieldPath(m.getPath()) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "Unknown field '" + field + "'";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "Field '" + field + "' has invalid value " + Json.write(f.getValue()) + "; allowed values: "
                    + allowedValues(f.getTargetType());
        } else if (e instanceof InvalidTypeIdException t) {
            message = "Field '" + field + "' has an unknown resource_type '" + t.getTypeId() + "'";
        } else {
            message = field.isEmpty() ? "Invalid request body: " + e.getOriginalMessage()
                    : "Field '" + field + "' is invalid: " + e.getOriginalMessage();
        }
        return new ApiException(400, ErrorCode.FIELD_INVALID, module, message,
                List.of(new ApiException.RelatedError(ErrorCode.FIELD_INVALID, module, message)));
    }

    static String allowedValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
