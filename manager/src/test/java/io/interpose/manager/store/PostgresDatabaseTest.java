package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL as the production store: several managers may share one database. */
class PostgresDatabaseTest {

    @Test
    void twoManagersOnOneDatabaseSeeEachOthersWritesAndRevisions() {
        String url = EmbeddedPostgresServer.newDatabaseUrl("two_managers");
        try (ResourceStore first = new JdbcResourceStore(Database.open(new DatabaseConfig(url, "postgres", "")));
                ResourceStore second = new JdbcResourceStore(Database.open(new DatabaseConfig(url, "postgres", "")))) {
            StoredResource created = first.write(tx -> tx.create(ResourceStoreContract.group("web")));
            StoredResource updated = second.write(tx -> tx.update(created.modified(created.body(), List.of("/x"), "b", 2)));

            assertThat(first.get(created.path())).contains(updated);
            assertThatThrownBy(() -> first.write(tx -> tx.update(created))).isInstanceOf(StaleRevisionException.class);
        }
    }

    @Test
    void anUnreachableServerIsAClearError() {
        DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/interpose?password=secret", "u", "p");

        assertThatThrownBy(() -> Database.open(nowhere))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the database jdbc:postgresql://127.0.0.1:1/interpose: ")
                .hasMessageNotContaining("secret");
    }
}
