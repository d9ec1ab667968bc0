package io.interpose.manager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL for the {@code resources} and {@code resource_references} tables (see {@code V1__resources.sql}). */
final class ResourceRows {
    private static final String SELECT = "SELECT path, kind, id, parent_path, revision, create_time, create_user,"
            + " last_modified_time, last_modified_user, marked_for_delete, body FROM resources ";
    private static final int IN_LIST_SIZE = 500;

    private ResourceRows() {
    }

    static Optional<StoredResource> find(Connection c, String path) throws SQLException {
        return select(c, "WHERE path = ?", path).stream().findFirst();
    }

    /** Resources matching {@code clause} (a WHERE/ORDER BY/LIMIT tail), with their references. */
    static List<StoredResource> select(Connection c, String clause, Object... params) throws SQLException {
        List<StoredResource> rows = new ArrayList<>();
        try (PreparedStatement s = Sql.prepare(c, SELECT + clause, params); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(resource(rs));
            }
        }
        return withReferences(c, rows);
    }

    static Optional<Long> revision(Connection c, String path) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT revision FROM resources WHERE path = ?", path);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    static long count(Connection c, String where, Object... params) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT COUNT(*) FROM resources " + where, params);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void insert(Connection c, StoredResource r) throws SQLException {
        Sql.execute(c, "INSERT INTO resources (kind, id, parent_path, revision, create_time, create_user,"
                + " last_modified_time, last_modified_user, marked_for_delete, body, path)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", columns(r, r.path()));
        insertReferences(c, r);
    }

    /** Replaces the row at {@code r.path()} if its revision is {@code expectedRevision}; false if none was. */
    static boolean update(Connection c, StoredResource r, long expectedRevision) throws SQLException {
        int changed = Sql.execute(c, "UPDATE resources SET kind = ?, id = ?, parent_path = ?, revision = ?,"
                + " create_time = ?, create_user = ?, last_modified_time = ?, last_modified_user = ?,"
                + " marked_for_delete = ?, body = ? WHERE path = ? AND revision = ?", columns(r, r.path(), expectedRevision));
        if (changed == 0) {
            return false;
        }
        Sql.execute(c, "DELETE FROM resource_references WHERE from_path = ?", r.path());
        insertReferences(c, r);
        return true;
    }

    static boolean delete(Connection c, String path) throws SQLException {
        return Sql.execute(c, "DELETE FROM resources WHERE path = ?", path) > 0;
    }

    static List<String> referencedBy(Connection c, String path) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement s = Sql.prepare(c,
                "SELECT from_path FROM resource_references WHERE to_path = ? ORDER BY from_path", path);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    /** A LIKE pattern (escape character {@code !}) matching every path under {@code path}. */
    static String descendantsPattern(String path) {
        return path.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
    }

    /** {@code resource} as the store keeps it: body re-parsed, references without duplicates. */
    static StoredResource normalized(StoredResource r, long revision) {
        return new StoredResource(r.path(), r.kind(), r.id(), r.parentPath(), revision, r.createTime(), r.createUser(),
                r.lastModifiedTime(), r.lastModifiedUser(), r.markedForDelete(), JsonBodies.canonical(r.body()),
                List.copyOf(new LinkedHashSet<>(r.references())));
    }

    private static Object[] columns(StoredResource r, Object... keys) {
        List<Object> values = new ArrayList<>(List.of(r.kind(), r.id(), r.parentPath(), r.revision(), r.createTime(),
                nonNull(r.createUser()), r.lastModifiedTime(), nonNull(r.lastModifiedUser()), r.markedForDelete(),
                JsonBodies.write(r.body())));
        Collections.addAll(values, keys);
        return values.toArray();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static void insertReferences(Connection c, StoredResource r) throws SQLException {
        if (r.references().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO resource_references (from_path, to_path, ref_index) VALUES (?, ?, ?)")) {
            for (int i = 0; i < r.references().size(); i++) {
                s.setString(1, r.path());
                s.setString(2, r.references().get(i));
                s.setInt(3, i);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static StoredResource resource(ResultSet rs) throws SQLException {
        return new StoredResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10),
                JsonBodies.read(rs.getString(11)), List.of());
    }

    private static List<StoredResource> withReferences(Connection c, List<StoredResource> rows) throws SQLException {
        Map<String, List<String>> references = new HashMap<>();
        for (int from = 0; from < rows.size(); from += IN_LIST_SIZE) {
            List<StoredResource> chunk = rows.subList(from, Math.min(rows.size(), from + IN_LIST_SIZE));
            loadReferences(c, chunk.stream().map(StoredResource::path).toArray(), references);
        }
        if (references.isEmpty()) {
            return rows;
        }
        return rows.stream().map(r -> new StoredResource(r.path(), r.kind(), r.id(), r.parentPath(), r.revision(),
                r.createTime(), r.createUser(), r.lastModifiedTime(), r.lastModifiedUser(), r.markedForDelete(), r.body(),
                references.getOrDefault(r.path(), List.of()))).toList();
    }

    private static void loadReferences(Connection c, Object[] paths, Map<String, List<String>> into)
            throws SQLException {
        String marks = String.join(", ", Collections.nCopies(paths.length, "?"));
        try (PreparedStatement s = Sql.prepare(c, "SELECT from_path, to_path FROM resource_references WHERE from_path IN ("
                + marks + ") ORDER BY from_path, ref_index", paths); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                into.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
    }
}
