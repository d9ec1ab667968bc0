package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.NotFoundException;
import io.interpose.manager.store.StaleRevisionException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violation;
import io.interpose.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserServiceTest {
    private static final String PASSWORD = "long enough password";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final UserService users = new UserService(store, hasher, clock);

    @Test
    void createStoresASaltedHashRolesAndVendor() {
        User created = users.create(new NewUser("acme-bot", PASSWORD, List.of("partner"), "acme"));

        assertThat(created.roles()).containsExactly(Role.PARTNER);
        assertThat(created.vendorId()).isEqualTo("acme");
        assertThat(created.revision()).isZero();
        assertThat(created.createTime()).isEqualTo(clock.millis());
        assertThat(created.passwordHash()).startsWith("pbkdf2-sha256$1000$").doesNotContain(PASSWORD);
        assertThat(hasher.verify(PASSWORD, created.passwordHash())).isTrue();
    }

    @Test
    void createRefusesAnInvalidRequestListingEveryProblemAndStoresNothing() {
        assertThatThrownBy(() -> users.create(new NewUser("x y", "short", List.of("god"), "acme")))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("username", "password", "roles[0]", "vendor_id"));
        assertThat(users.list()).isEmpty();
    }

    @Test
    void createRefusesATakenUsername() {
        users.create(new NewUser("alice", PASSWORD, List.of("auditor"), null));

        assertThatThrownBy(() -> users.create(new NewUser("alice", PASSWORD, List.of("security_admin"), null)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(users.get("alice").roles()).containsExactly(Role.AUDITOR);
    }

    @Test
    void getOfAnUnknownUserIsNotFoundWithItsPath() {
        assertThat(users.find("ghost")).isEmpty();
        assertThatThrownBy(() -> users.get("ghost")).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.path()).isEqualTo("/api/v1/aaa/users/ghost"));
    }

    @Test
    void bootstrapCreatesTheFirstAdminOnlyWhenThereIsNoUser() {
        assertThat(users.bootstrapAdmin("admin", PASSWORD)).isTrue();
        assertThat(users.get("admin").roles()).containsExactly(Role.ENTERPRISE_ADMIN);

        assertThat(users.bootstrapAdmin("admin2", PASSWORD)).isFalse();
        assertThat(users.list()).extracting(User::username).containsExactly("admin");
    }

    @Test
    void deletingTheLastEnterpriseAdminIsRefused() {
        users.create(new NewUser("root", PASSWORD, List.of("enterprise_admin"), null));
        users.create(new NewUser("sec", PASSWORD, List.of("security_admin"), null));

        assertThatThrownBy(() -> users.delete("root")).isInstanceOf(LastAdminException.class)
                .hasMessageContaining("last enterprise_admin");
        users.delete("sec");

        assertThat(users.list()).extracting(User::username).containsExactly("root");
    }

    @Test
    void anEnterpriseAdminCanBeDeletedWhileAnotherRemains() {
        users.create(new NewUser("root", PASSWORD, List.of("enterprise_admin"), null));
        users.create(new NewUser("root2", PASSWORD, List.of("enterprise_admin", "auditor"), null));

        users.delete("root");

        assertThat(users.list()).extracting(User::username).containsExactly("root2");
        assertThatThrownBy(() -> users.delete("root")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingAUserDeletesItsTokens() {
        users.create(new NewUser("bot", PASSWORD, List.of("auditor"), null));
        new TokenService(store, clock).create("bot");

        users.delete("bot");

        assertThat(store.tokens("bot")).isEmpty();
    }

    @Test
    void changePasswordChecksTheRulesAndTheRevision() {
        users.create(new NewUser("alice", PASSWORD, List.of("auditor"), null));

        assertThatThrownBy(() -> users.changePassword("alice", "alice", 0))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("at least 12")
                .hasMessageContaining("must not be the username");
        User changed = users.changePassword("alice", "another good password", 0);
        assertThatThrownBy(() -> users.changePassword("alice", "a third good password", 0))
                .isInstanceOf(StaleRevisionException.class);

        assertThat(changed.revision()).isEqualTo(1);
        assertThat(hasher.verify("another good password", users.get("alice").passwordHash())).isTrue();
    }

    @Test
    void changeRolesValidatesAndChecksTheRevision() {
        users.create(new NewUser("alice", PASSWORD, List.of("auditor"), null));

        assertThatThrownBy(() -> users.changeRoles("alice", new RoleAssignment(List.of("partner"), ""), 0))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("vendor_id");
        User changed = users.changeRoles("alice", new RoleAssignment(List.of("partner"), "acme"), 0);
        assertThatThrownBy(() -> users.changeRoles("alice", new RoleAssignment(List.of("auditor"), ""), 0))
                .isInstanceOf(StaleRevisionException.class);

        assertThat(changed.roles()).containsExactly(Role.PARTNER);
        assertThat(changed.vendorId()).isEqualTo("acme");
        assertThat(changed.revision()).isEqualTo(1);
    }

    @Test
    void theLastEnterpriseAdminCannotLoseTheRole() {
        users.create(new NewUser("root", PASSWORD, List.of("enterprise_admin"), null));

        assertThatThrownBy(() -> users.changeRoles("root", new RoleAssignment(List.of("auditor"), ""), 0))
                .isInstanceOf(LastAdminException.class);
        users.changeRoles("root", new RoleAssignment(List.of("enterprise_admin", "auditor"), ""), 0);

        assertThat(users.get("root").roles()).isEqualTo(Set.of(Role.ENTERPRISE_ADMIN, Role.AUDITOR));
    }

    @Test
    void unlockEndsALockoutAtOnce() {
        users.create(new NewUser("alice", PASSWORD, List.of("auditor"), null));
        Authenticator authenticator = new Authenticator(store, hasher, clock);
        for (int i = 0; i < 5; i++) {
            authenticator.authenticatePassword("alice", "wrong password");
        }
        assertThat(authenticator.authenticatePassword("alice", PASSWORD)).isInstanceOf(AuthResult.Locked.class);

        User unlocked = users.unlock("alice");

        assertThat(unlocked.failedLogins()).isZero();
        assertThat(unlocked.lockedUntil()).isZero();
        assertThat(authenticator.authenticatePassword("alice", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
        assertThatThrownBy(() -> users.unlock("ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void createTimeComesFromTheClock() {
        clock.advance(Duration.ofDays(1));

        User created = users.create(new NewUser("alice", PASSWORD, List.of("auditor"), null));

        assertThat(created.createTime()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z").toEpochMilli());
    }
}
