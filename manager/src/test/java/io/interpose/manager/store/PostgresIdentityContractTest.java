package io.interpose.manager.store;

import io.interpose.manager.identity.UserStore;
import io.interpose.manager.identity.UserStoreContract;

/** The identity package's own {@link UserStoreContract} (written for its in-memory fake) on {@link JdbcUserStore}. */
class PostgresIdentityContractTest extends UserStoreContract {
    @Override
    protected UserStore newStore() {
        return new JdbcUserStore(EmbeddedPostgresServer.emptyDatabase());
    }
}
