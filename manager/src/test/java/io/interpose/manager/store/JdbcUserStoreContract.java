package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.manager.identity.ApiToken;
import io.interpose.manager.identity.Role;
import io.interpose.manager.identity.User;
import io.interpose.manager.identity.UserStore;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcUserStore} must do, run against each database by a subclass that provides an empty,
 * migrated one.
 */
abstract class JdbcUserStoreContract {
    protected UserStore store;
    private Database database;

    /** An empty, migrated database. */
    protected abstract Database emptyDatabase();

    /** Called after each test with the database {@link #emptyDatabase} returned. */
    protected abstract void release(Database database);

    @BeforeEach
    void openStore() {
        database = emptyDatabase();
        store = new JdbcUserStore(database);
    }

    @AfterEach
    void releaseStore() {
        release(database);
    }

    static User partner(String name, long revision) {
        return new User(name, "pbkdf2-sha256$310000$c2FsdA$aGFzaA", Set.of(Role.PARTNER), "acme", 0, 0, 1_000, revision);
    }

    static User admin(String name) {
        return new User(name, "hash", Set.of(Role.ENTERPRISE_ADMIN, Role.AUDITOR, Role.SECURITY_ADMIN), "", 0, 0, 2_000, 0);
    }

    @Test
    void createdUsersAreFoundAtRevisionZeroAndListedByName() {
        store.create(partner("bob", 7));
        store.create(admin("alice"));

        assertThat(store.find("bob")).contains(partner("bob", 0));
        assertThat(store.find("alice")).contains(admin("alice"));
        assertThat(store.list()).extracting(User::username).containsExactly("alice", "bob");
        assertThat(store.find("carol")).isEmpty();
    }

    @Test
    void aUserWithoutRolesReadsBackWithoutRoles() {
        User nobody = new User("nobody", "hash", Set.of(), null, 0, 0, 1, 0);

        store.create(nobody);

        assertThat(store.find("nobody")).contains(nobody);
    }

    @Test
    void creatingATakenUsernameThrowsAlreadyExistsAndKeepsTheFirst() {
        store.create(partner("alice", 0));

        assertThatThrownBy(() -> store.create(admin("alice")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("user 'alice' already exists");
        assertThat(store.find("alice")).contains(partner("alice", 0));
    }

    @Test
    void updateWithTheStoredRevisionStoresTheNextRevision() {
        store.create(partner("alice", 0));
        User changed = new User("alice", "other", Set.of(Role.AUDITOR), "", 2, 77, 1_000, 0);

        User stored = store.update(changed);

        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.roles()).containsExactly(Role.AUDITOR);
        assertThat(store.find("alice")).contains(stored);
    }

    @Test
    void updateWithAStaleRevisionThrowsAndChangesNothing() {
        store.create(partner("alice", 0));
        User first = store.update(partner("alice", 0));

        assertThatThrownBy(() -> store.update(admin("alice")))
                .isInstanceOf(StaleRevisionException.class)
                .hasMessageContaining("stored revision is 1");
        assertThat(store.find("alice")).contains(first);
    }

    @Test
    void updatingAMissingUserIsStale() {
        assertThatThrownBy(() -> store.update(partner("ghost", 0)))
                .isInstanceOf(StaleRevisionException.class)
                .hasMessageContaining("no longer exists");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void recordLoginChangesTheCountersButNotTheRevision() {
        store.create(partner("alice", 0));

        store.recordLogin("alice", 3, 42);
        store.recordLogin("nobody", 1, 1);

        User alice = store.find("alice").orElseThrow();
        assertThat(alice.failedLogins()).isEqualTo(3);
        assertThat(alice.lockedUntil()).isEqualTo(42);
        assertThat(alice.revision()).isZero();
        assertThat(store.find("nobody")).isEmpty();
    }

    @Test
    void tokensAreFoundBySecretHashListedPerUserInCreationOrderAndDeleted() {
        store.create(partner("alice", 0));
        store.create(partner("bob", 0));
        ApiToken late = new ApiToken("t1", "alice", "hash-late", 5, 0);
        ApiToken early = new ApiToken("t9", "alice", "hash-early", 1, 99);
        ApiToken bobs = new ApiToken("t2", "bob", "hash-b", 2, 0);
        store.saveToken(late);
        store.saveToken(early);
        store.saveToken(bobs);

        assertThat(store.findTokenBySecretHash("hash-b")).contains(bobs);
        assertThat(store.findTokenBySecretHash("hash-none")).isEmpty();
        assertThat(store.tokens("alice")).containsExactly(early, late);
        assertThat(store.deleteToken("t1")).isTrue();
        assertThat(store.deleteToken("t1")).isFalse();
        assertThat(store.findTokenBySecretHash("hash-late")).isEmpty();
        assertThat(store.tokens("alice")).containsExactly(early);
    }

    @Test
    void aSecretHashOrTokenIdCanBeStoredOnlyOnce() {
        store.create(partner("alice", 0));
        store.saveToken(new ApiToken("t1", "alice", "hash-a", 1, 0));

        assertThatThrownBy(() -> store.saveToken(new ApiToken("t2", "alice", "hash-a", 2, 0)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.saveToken(new ApiToken("t1", "alice", "hash-other", 2, 0)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(store.tokens("alice")).extracting(ApiToken::id).containsExactly("t1");
    }

    @Test
    void aTokenForAnUnknownUserIsRefused() {
        assertThatThrownBy(() -> store.saveToken(new ApiToken("t1", "ghost", "hash", 1, 0)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("user 'ghost' does not exist");
        assertThat(store.findTokenBySecretHash("hash")).isEmpty();
    }

    @Test
    void deletingAUserDeletesItsTokensAndNoOneElses() {
        store.create(partner("alice", 0));
        store.create(partner("bob", 0));
        store.saveToken(new ApiToken("t1", "alice", "hash-a", 1, 0));
        store.saveToken(new ApiToken("t2", "bob", "hash-b", 1, 0));

        assertThat(store.delete("alice")).isTrue();
        assertThat(store.delete("alice")).isFalse();

        assertThat(store.find("alice")).isEmpty();
        assertThat(store.findTokenBySecretHash("hash-a")).isEmpty();
        assertThat(store.tokens("alice")).isEmpty();
        assertThat(store.findTokenBySecretHash("hash-b")).isPresent();
    }
}
