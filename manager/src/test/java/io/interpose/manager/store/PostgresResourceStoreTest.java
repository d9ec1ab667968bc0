package io.interpose.manager.store;

/** The resource store contract on a real PostgreSQL. */
class PostgresResourceStoreTest extends ResourceStoreContract {
    @Override
    protected Database emptyDatabase() {
        return EmbeddedPostgresServer.emptyDatabase();
    }

    @Override
    protected void release(Database database) {
        // shared by all PostgreSQL tests; emptied before each
    }
}
