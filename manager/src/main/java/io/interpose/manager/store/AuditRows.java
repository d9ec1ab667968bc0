package io.interpose.manager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL for the {@code audit_log} table: append, and pages newest first keyed by sequence number. */
final class AuditRows {
    private AuditRows() {
    }

    static Void append(Connection c, AuditEntry e) throws SQLException {
        Sql.execute(c, "INSERT INTO audit_log (event_time, username, method, path, status, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?)", e.time(), orEmpty(e.user()), orEmpty(e.method()), orEmpty(e.path()),
                e.status(), e.detail());
        return null;
    }

    static ResourceStore.AuditPage page(Connection c, Optional<Long> before, int pageSize) throws SQLException {
        List<Long> sequence = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        String where = before.isPresent() ? "WHERE seq < ? " : "";
        Object[] params = before.isPresent() ? new Object[] {before.get(), pageSize + 1} : new Object[] {pageSize + 1};
        try (PreparedStatement s = Sql.prepare(c, "SELECT seq, event_time, username, method, path, status,"
                + " detail FROM audit_log " + where + "ORDER BY seq DESC LIMIT ?", params);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                sequence.add(rs.getLong(1));
                entries.add(new AuditEntry(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7)));
            }
        }
        boolean more = entries.size() > pageSize;
        List<AuditEntry> results = more ? entries.subList(0, pageSize) : entries;
        String cursor = more ? PageCursor.encode(Long.toString(sequence.get(pageSize - 1))) : "";
        return new ResourceStore.AuditPage(results, (int) count(c), cursor);
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_log"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
