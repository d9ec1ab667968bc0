package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.StaleRevisionException;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link UserStore} contract as tests: extend it with a {@link #newStore()} that returns an empty
 * store (see {@code InMemoryUserStoreTest}).
 */
public abstract class UserStoreContract {
    protected UserStore store;

    protected abstract UserStore newStore();

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    private static User user(String name, long revision) {
        return new User(name, "pbkdf2-sha256$1$AA$AA", Set.of(Role.PARTNER), "acme", 0, 0, 1_000, revision);
    }

    @Test
    void createdUsersAreFoundAndListedAtRevisionZero() {
        store.create(user("bob", 7));
        store.create(user("alice", 0));

        assertThat(store.find("bob")).contains(user("bob", 0));
        assertThat(store.list()).extracting(User::username).containsExactlyInAnyOrder("alice", "bob");
        assertThat(store.find("carol")).isEmpty();
    }

    @Test
    void creatingATakenUsernameThrowsAlreadyExists() {
        store.create(user("alice", 0));

        assertThatThrownBy(() -> store.create(user("alice", 0))).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void updateWithTheStoredRevisionStoresTheNextRevision() {
        store.create(user("alice", 0));
        User changed = new User("alice", "other", Set.of(Role.AUDITOR), "", 0, 0, 1_000, 0);

        User stored = store.update(changed);

        assertThat(stored.revision()).isEqualTo(1);
        assertThat(store.find("alice")).contains(stored);
        assertThat(stored.roles()).containsExactly(Role.AUDITOR);
    }

    @Test
    void updateWithAStaleRevisionThrowsAndChangesNothing() {
        store.create(user("alice", 0));
        store.update(user("alice", 0));

        assertThatThrownBy(() -> store.update(new User("alice", "x", Set.of(Role.AUDITOR), "", 0, 0, 1_000, 0)))
                .isInstanceOf(StaleRevisionException.class);
        assertThat(store.find("alice")).contains(user("alice", 1));
    }

    @Test
    void recordLoginKeepsTheRevision() {
        store.create(user("alice", 0));

        store.recordLogin("alice", 3, 42);

        User alice = store.find("alice").orElseThrow();
        assertThat(alice.failedLogins()).isEqualTo(3);
        assertThat(alice.lockedUntil()).isEqualTo(42);
        assertThat(alice.revision()).isZero();
    }

    @Test
    void tokensAreFoundBySecretHashListedPerUserAndDeleted() {
        store.create(user("alice", 0));
        store.create(user("bob", 0));
        ApiToken a = new ApiToken("t1", "alice", "hash-a", 1, 0);
        ApiToken b = new ApiToken("t2", "bob", "hash-b", 2, 99);
        store.saveToken(a);
        store.saveToken(b);

        assertThat(store.findTokenBySecretHash("hash-b")).contains(b);
        assertThat(store.tokens("alice")).containsExactly(a);
        assertThat(store.deleteToken("t1")).isTrue();
        assertThat(store.deleteToken("t1")).isFalse();
        assertThat(store.findTokenBySecretHash("hash-a")).isEmpty();
    }

    @Test
    void deletingAUserDeletesItsTokens() {
        store.create(user("alice", 0));
        store.saveToken(new ApiToken("t1", "alice", "hash-a", 1, 0));

        assertThat(store.delete("alice")).isTrue();
        assertThat(store.delete("alice")).isFalse();

        assertThat(store.find("alice")).isEmpty();
        assertThat(store.findTokenBySecretHash("hash-a")).isEmpty();
        assertThat(store.tokens("alice")).isEmpty();
    }
}
