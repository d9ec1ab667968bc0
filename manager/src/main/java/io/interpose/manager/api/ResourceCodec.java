package io.interpose.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.Tag;
import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns request bodies into {@link CommonFields} plus the kind's own record, and stored resources
 * into response bodies with the system fields ({@code _revision}, {@code _create_time}, ...).
 */
public final class ResourceCodec {
    private static final Set<String> COMMON = Set.of("id", "display_name", "description", "tags", "resource_type");
    private static final Set<String> SYSTEM = Set.of("path", "parent_path", "relative_path", "marked_for_delete",
            "unique_id", "overridden", "children");

    private ResourceCodec() {}

    /** A request body split into the common fields and the kind's own record. */
    public record Parsed<T>(CommonFields common, T body) {}

    public static <T> Parsed<T> parse(ObjectNode request, ResourceKind<T> kind) {
        checkResourceType(request, kind);
        CommonFields common = commonFields(request, kind.module());
        ObjectNode own = request.deepCopy();
        own.remove(COMMON);
        own.remove(SYSTEM);
        own.remove(kind.readOnlyFields());
        own.properties().removeIf(e -> e.getKey().startsWith("_"));
        T body = Json.bind(own, kind.bodyType(), kind.module());
        Violations violations = new Violations();
        common.check(violations);
        if (body instanceof Validated v) {
            violations.addAll(v.violations());
        }
        throwIfInvalid(kind.resourceType(), kind.module(), violations.list());
        return new Parsed<>(common, body);
    }

    /** A 400 listing every violation, each also as a related error. */
    public static void throwIfInvalid(String what, String module, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw invalid(what, module, violations);
        }
    }

    /** The 400 for {@code violations}: every one in the message and as a related error. */
    public static ApiException invalid(String what, String module, List<Violation> violations) {
        List<ApiException.RelatedError> related = violations.stream()
                .map(v -> new ApiException.RelatedError(ErrorCode.FIELD_INVALID, module, v.toString()))
                .toList();
        String joined = String.join("; ", violations.stream().map(Violation::toString).toList());
        return new ApiException(400, ErrorCode.FIELD_INVALID, module, what + " is invalid: " + joined, related);
    }

    private static void checkResourceType(ObjectNode request, ResourceKind<?> kind) {
        JsonNode type = request.get("resource_type");
        if (type != null && !type.isNull() && !kind.resourceType().equals(type.asText())) {
            throw new ApiException(400, ErrorCode.FIELD_INVALID, kind.module(),
                    "resource_type must be " + kind.resourceType() + ", got " + type);
        }
    }

    private static CommonFields commonFields(ObjectNode request, String module) {
        ObjectNode common = Json.object();
        for (String field : List.of("id", "display_name", "description", "tags")) {
            if (request.hasNonNull(field)) {
                common.set(field, request.get(field));
            }
        }
        Head head = Json.bind(common, Head.class, module);
        return new CommonFields(head.id(), head.displayName(), head.description(), head.tags(), revision(request, module));
    }

    private static Optional<Long> revision(ObjectNode request, String module) {
        JsonNode revision = request.get("_revision");
        if (revision == null || revision.isNull()) {
            return Optional.empty();
        }
        if (!revision.canConvertToLong() || !revision.isIntegralNumber()) {
            throw new ApiException(400, ErrorCode.FIELD_INVALID, module, "Field '_revision' must be an integer");
        }
        return Optional.of(revision.asLong());
    }

    private record Head(String id, String displayName, String description, List<Tag> tags) {}

    /** The stored body: common fields, resource_type and the record's fields (defaults made explicit). */
    public static ObjectNode storedBody(CommonFields common, String resourceType, Object body) {
        ObjectNode out = Json.object();
        out.put("id", common.id());
        out.put("display_name", common.displayName());
        out.put("description", common.description());
        out.set("tags", Json.tree(common.tags()));
        out.put("resource_type", resourceType);
        JsonNode fields = Json.tree(body);
        if (fields instanceof ObjectNode object) {
            out.setAll(object);
        }
        return out;
    }

    /** The response body of a stored resource. */
    public static ObjectNode render(StoredResource r, boolean policy) {
        ObjectNode out = r.body().deepCopy();
        if (policy) {
            out.put("path", r.path());
            out.put("parent_path", r.parentPath());
            out.put("relative_path", r.id());
            out.put("marked_for_delete", r.markedForDelete());
        }
        out.put("_revision", r.revision());
        out.put("_create_time", r.createTime());
        out.put("_create_user", r.createUser());
        out.put("_last_modified_time", r.lastModifiedTime());
        out.put("_last_modified_user", r.lastModifiedUser());
        out.put("_system_owned", false);
        return out;
    }

    /** Reads the kind's record back from a stored body. */
    public static <T> T read(StoredResource r, ResourceKind<T> kind) {
        ObjectNode own = r.body().deepCopy();
        own.remove(COMMON);
        own.remove(kind.readOnlyFields());
        return Json.bind(own, kind.bodyType(), kind.module());
    }
}
