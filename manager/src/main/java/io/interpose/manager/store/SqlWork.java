package io.interpose.manager.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with one JDBC connection, in {@link Database#transaction} or {@link Database#read}. A
 * transaction may run it more than once (after a serialization failure), so it must not have effects
 * outside the database.
 */
@FunctionalInterface
public interface SqlWork<R> {
    R run(Connection connection) throws SQLException;
}
