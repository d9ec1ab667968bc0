package io.interpose.manager.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One resource as the store keeps it: its unique {@code path} (the key), the kind it is, its parent,
 * the system metadata, and the JSON body the client sees (with {@code id}, {@code display_name},
 * {@code description}, {@code tags}, {@code resource_type} and the resource's own fields; never the
 * {@code _}-prefixed system fields, which the API adds when rendering).
 *
 * <p>{@code references} are the paths of other resources this one points at (a rule's groups and
 * profile, a profile's vendor template). The store indexes them so that deleting a referenced
 * resource can be refused with the names of its dependents.
 */
public record StoredResource(
        String path,
        String kind,
        String id,
        String parentPath,
        long revision,
        long createTime,
        String createUser,
        long lastModifiedTime,
        String lastModifiedUser,
        boolean markedForDelete,
        ObjectNode body,
        List<String> references) {

    public StoredResource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        parentPath = parentPath == null ? "" : parentPath;
        Objects.requireNonNull(body, "body");
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A copy with a new body and references, stamped as modified by {@code user} at {@code now}. */
    public StoredResource modified(ObjectNode newBody, List<String> newReferences, String user, long now) {
        return new StoredResource(path, kind, id, parentPath, revision, createTime, createUser, now, user,
                markedForDelete, newBody, newReferences);
    }
}
