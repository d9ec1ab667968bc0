package io.interpose.manager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepared statements with positional parameters, as every table of the store uses them. */
final class Sql {
    private Sql() {
    }

    /** {@code sql} prepared with {@code params} bound in order; the caller closes it. */
    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
    static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }
}
