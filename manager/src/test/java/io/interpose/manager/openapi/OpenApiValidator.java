package io.interpose.manager.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Holds responses to the OpenAPI document the manager serves: finds the operation for a method and
 * concrete path, then checks the body against the response schema for the status. It understands the
 * subset of JSON Schema the document uses: type (also as a list), properties, required,
 * additionalProperties, items, enum, $ref, oneOf/anyOf/allOf, minimum/maximum, minItems/maxItems.
 */
public final class OpenApiValidator {
    private final JsonNode document;
    private final List<Route> routes = new ArrayList<>();

    private record Route(Pattern pattern, String template, JsonNode item) {}

    public OpenApiValidator(String json) {
        try {
            this.document = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("OpenAPI document is not JSON", e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^/}]+\\}", "\\\\E[^/]+\\\\Q");
            routes.add(new Route(Pattern.compile(regex), e.getKey(), e.getValue()));
        }
        routes.sort((a, b) -> Integer.compare(templateWeight(a.template()), templateWeight(b.template())));
    }

    public static OpenApiValidator fromClasspath() {
        return new OpenApiValidator(OpenApiModule.document());
    }

    private static int templateWeight(String template) {
        return (int) template.chars().filter(c -> c == '{').count();
    }

    /** Every problem with this response; empty if it conforms. */
    public List<String> check(String method, String path, int status, JsonNode body) {
        Optional<Route> route = routes.stream().filter(r -> r.pattern().matcher(path).matches()).findFirst();
        if (route.isEmpty()) {
            if (status == 404 || status == 405) {
                List<String> problems = new ArrayList<>();
                validate(document.at("/components/schemas/Error"), body, "$", problems);
                return problems;
            }
            return List.of("no path in the OpenAPI document matches " + path);
        }
        JsonNode operation = route.get().item().path(method.toLowerCase(java.util.Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of("the OpenAPI document has no " + method + " for " + route.get().template());
        }
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status)) : responses.path("default");
        if (response.isMissingNode()) {
            return List.of(method + " " + route.get().template() + " does not document status " + status);
        }
        response = resolve(response);
        JsonNode schema = response.path("content").path("application/json").path("schema");
        List<String> problems = new ArrayList<>();
        if (schema.isMissingNode()) {
            if (body != null && !body.isMissingNode() && !(body.isObject() && body.isEmpty()) && !body.isNull()) {
                problems.add(method + " " + route.get().template() + " " + status + " documents no body but one was returned");
            }
            return problems;
        }
        validate(schema, body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body, "$", problems);
        return problems;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local $ref are supported: " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalArgumentException("dangling $ref " + ref);
            }
        }
        return current;
    }

    private void validate(JsonNode rawSchema, JsonNode value, String where, List<String> problems) {
        JsonNode schema = resolve(rawSchema);
        if (schema.has("allOf")) {
            schema.get("allOf").forEach(s -> validate(s, value, where, problems));
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
            boolean any = false;
            List<String> why = new ArrayList<>();
            for (JsonNode option : options) {
                List<String> attempt = new ArrayList<>();
                validate(option, value, where, attempt);
                any |= attempt.isEmpty();
                why.addAll(attempt);
            }
            if (!any) {
                problems.add(where + ": matches none of the alternatives " + why);
            }
        }
        if (value.isMissingNode()) {
            problems.add(where + ": missing");
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(where + ": expected " + schema.get("type") + ", got " + value.getNodeType() + " " + abbreviate(value));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isNumber()) {
            checkRange(schema, value, where, problems);
        }
        if (value.isObject()) {
            validateObject(schema, value, where, problems);
        }
        if (value.isArray()) {
            validateArray(schema, value, where, problems);
        }
    }

    private void validateObject(JsonNode schema, JsonNode value, String where, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(where + ": required property '" + required.asText() + "' is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = where + "." + field.getKey();
            if (properties.has(field.getKey())) {
                validate(properties.get(field.getKey()), field.getValue(), at, problems);
            } else if (additional.isBoolean() && !additional.asBoolean()) {
                problems.add(at + ": property is not in the schema");
            } else if (additional.isObject()) {
                validate(additional, field.getValue(), at, problems);
            }
        }
    }

    private void validateArray(JsonNode schema, JsonNode value, String where, List<String> problems) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(where + ": fewer than " + schema.get("minItems") + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(where + ": more than " + schema.get("maxItems") + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), where + "[" + i + "]", problems);
            }
        }
    }

    private static void checkRange(JsonNode schema, JsonNode value, String where, List<String> problems) {
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(where + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
