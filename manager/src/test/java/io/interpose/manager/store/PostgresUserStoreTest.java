package io.interpose.manager.store;

/** The user store contract on a real PostgreSQL. */
class PostgresUserStoreTest extends JdbcUserStoreContract {
    @Override
    protected Database emptyDatabase() {
        return EmbeddedPostgresServer.emptyDatabase();
    }

    @Override
    protected void release(Database database) {
        // shared by all PostgreSQL tests; emptied before each
    }
}
