package io.interpose.manager.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The user store contract on embedded H2, in a new file for each test. */
class H2UserStoreTest extends JdbcUserStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected Database emptyDatabase() {
        return Database.open(DatabaseConfig.embeddedH2(dataDir));
    }

    @Override
    protected void release(Database database) {
        database.close();
    }
}
