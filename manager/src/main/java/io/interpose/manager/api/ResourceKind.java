package io.interpose.manager.api;

import java.util.Set;

/**
 * What the API needs to know about one kind of resource: its {@code resource_type}, the record its
 * own fields bind to, the module named in its errors, whether it is a policy object (rendered with
 * {@code path}, {@code parent_path}, {@code relative_path}, {@code marked_for_delete}) and the fields a
 * client may send back but never set (they are dropped on input).
 */
public record ResourceKind<T>(String resourceType, Class<T> bodyType, String module, boolean policy, Set<String> readOnlyFields) {
    public ResourceKind {
        readOnlyFields = Set.copyOf(readOnlyFields);
    }

    public static <T> ResourceKind<T> manager(String resourceType, Class<T> bodyType, String module, String... readOnly) {
        return new ResourceKind<>(resourceType, bodyType, module, false, Set.of(readOnly));
    }

    public static <T> ResourceKind<T> policy(String resourceType, Class<T> bodyType, String... readOnly) {
        return new ResourceKind<>(resourceType, bodyType, "policy", true, Set.of(readOnly));
    }
}
