package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.identity.AuthResult.Authenticated;
import io.interpose.manager.identity.AuthResult.Locked;
import io.interpose.manager.identity.AuthResult.Rejected;
import io.interpose.protocol.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final String PASSWORD = "correct horse battery";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final UserService users = new UserService(store, hasher, clock);
    private final Authenticator authenticator = new Authenticator(store, hasher, clock);

    AuthenticatorTest() {
        users.create(new NewUser("alice", PASSWORD, List.of("security_admin"), null));
        users.create(new NewUser("acme-bot", PASSWORD, List.of("partner"), "acme"));
    }

    static String basic(String username, String password) {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicWithTheRightPasswordYieldsThePrincipalWithRolesAndVendor() {
        assertThat(authenticator.authenticate(basic("acme-bot", PASSWORD)))
                .isEqualTo(new Authenticated(new Principal("acme-bot", Set.of(Role.PARTNER), "acme")));
        assertThat(authenticator.authenticate("basic  " + basic("alice", PASSWORD).substring(6)))
                .isEqualTo(new Authenticated(new Principal("alice", Set.of(Role.SECURITY_ADMIN), "")));
    }

    @Test
    void passwordMayContainColons() {
        users.create(new NewUser("colon", "a:b:c:d:e:f:g", List.of("auditor"), ""));

        assertThat(authenticator.authenticate(basic("colon", "a:b:c:d:e:f:g"))).isInstanceOf(Authenticated.class);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        AuthResult wrong = authenticator.authenticate(basic("alice", "not the password"));
        AuthResult unknown = authenticator.authenticate(basic("mallory", PASSWORD));

        assertThat(wrong).isInstanceOf(Rejected.class).isEqualTo(unknown);
    }

    @Test
    void missingOrMalformedHeadersAreRejected() {
        for (String header : new String[] {null, "", "  ", "Basic", "Basic !!!notbase64",
            "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
            "Digest abc", "Bearer"}) {
            assertThat(authenticator.authenticate(header)).as(String.valueOf(header)).isInstanceOf(Rejected.class);
        }
        assertThat(authenticator.authenticatePassword(null, null)).isInstanceOf(Rejected.class);
        assertThat(authenticator.authenticateToken(null)).isInstanceOf(Rejected.class);
    }

    @Test
    void fifthConsecutiveFailureLocksTheAccountForFiveMinutes() {
        for (int i = 1; i <= 4; i++) {
            assertThat(authenticator.authenticate(basic("alice", "wrong " + i))).isInstanceOf(Rejected.class);
        }

        AuthResult fifth = authenticator.authenticate(basic("alice", "wrong 5"));

        Instant until = clock.instant().plus(Duration.ofMinutes(5));
        assertThat(fifth).isEqualTo(new Locked(until));
        assertThat(store.find("alice").orElseThrow().failedLogins()).isEqualTo(5);
        assertThat(store.find("alice").orElseThrow().lockedUntil()).isEqualTo(until.toEpochMilli());
    }

    @Test
    void correctPasswordIsRefusedWhileLockedAndAcceptedWhenTheLockEnds() {
        lockAlice();
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Locked.class);

        clock.advance(Duration.ofMillis(1));

        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
        User alice = store.find("alice").orElseThrow();
        assertThat(alice.failedLogins()).isZero();
        assertThat(alice.lockedUntil()).isZero();
    }

    @Test
    void aCachedPasswordDoesNotBypassTheLock() {
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);

        lockAlice();

        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Locked.class);
    }

    @Test
    void afterALockEndsFailuresAreCountedAfresh() {
        lockAlice();
        clock.advance(Duration.ofMinutes(6));

        assertThat(authenticator.authenticate(basic("alice", "wrong again"))).isInstanceOf(Rejected.class);

        assertThat(store.find("alice").orElseThrow().failedLogins()).isEqualTo(1);
        assertThat(store.find("alice").orElseThrow().lockedUntil()).isZero();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        failAlice(4);
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);

        failAlice(4);

        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
        assertThat(store.find("alice").orElseThrow().failedLogins()).isZero();
    }

    @Test
    void loginBookkeepingDoesNotChangeTheRevision() {
        failAlice(3);
        authenticator.authenticate(basic("alice", PASSWORD));

        assertThat(store.find("alice").orElseThrow().revision()).isZero();
    }

    @Test
    void concurrentFailuresAreAllCounted() throws Exception {
        Authenticator lenient = new Authenticator(store, hasher, clock,
                new LockoutPolicy(1_000, Duration.ofMinutes(5)), new CredentialCache(clock));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<AuthResult>> attempts = IntStream.range(0, 40)
                    .<Callable<AuthResult>>mapToObj(i -> () -> lenient.authenticate(basic("alice", "wrong " + i)))
                    .toList();
            List<Future<AuthResult>> results = pool.invokeAll(attempts);
            for (Future<AuthResult> result : results) {
                assertThat(result.get()).isInstanceOf(Rejected.class);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.find("alice").orElseThrow().failedLogins()).isEqualTo(40);
    }

    @Test
    void aPasswordChangeTakesEffectAtOnceDespiteTheCache() {
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);

        users.changePassword("alice", "a brand new password", 0);

        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Rejected.class);
        assertThat(authenticator.authenticate(basic("alice", "a brand new password")))
                .isInstanceOf(Authenticated.class);
    }

    @Test
    void aRoleChangeTakesEffectAtOnceDespiteTheCache() {
        authenticator.authenticate(basic("alice", PASSWORD));

        users.changeRoles("alice", new RoleAssignment(List.of("auditor"), ""), 0);

        assertThat(authenticator.authenticate(basic("alice", PASSWORD)))
                .isEqualTo(new Authenticated(new Principal("alice", Set.of(Role.AUDITOR), "")));
    }

    @Test
    void aDeletedUserIsRejectedAtOnceDespiteTheCache() {
        authenticator.authenticate(basic("alice", PASSWORD));

        users.delete("alice");

        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Rejected.class);
    }

    @Test
    void aWeakerHashIsUpgradedOnTheNextSuccessfulLogin() {
        Authenticator stronger = new Authenticator(store, new PasswordHasher(2_000), clock);

        assertThat(stronger.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);

        assertThat(store.find("alice").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$2000$");
        assertThat(stronger.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
    }

    @Test
    void bearerTokenAuthenticatesItsUserUntilItExpires() {
        TokenService tokens = new TokenService(store, clock);
        NewToken token = tokens.create("acme-bot", Duration.ofHours(1));

        assertThat(authenticator.authenticate("Bearer " + token.secret()))
                .isEqualTo(new Authenticated(new Principal("acme-bot", Set.of(Role.PARTNER), "acme")));
        clock.advance(Duration.ofHours(1));

        assertThat(authenticator.authenticate("Bearer " + token.secret()))
                .isEqualTo(new Rejected("token has expired"));
    }

    @Test
    void unknownRevokedOrOrphanTokensAreRejected() {
        TokenService tokens = new TokenService(store, clock);
        NewToken revoked = tokens.create("alice");
        NewToken orphan = tokens.create("acme-bot");
        tokens.revoke("alice", revoked.token().id());
        users.delete("acme-bot");

        assertThat(authenticator.authenticate("Bearer not-a-token")).isInstanceOf(Rejected.class);
        assertThat(authenticator.authenticate("Bearer " + revoked.secret())).isInstanceOf(Rejected.class);
        assertThat(authenticator.authenticate("Bearer " + orphan.secret())).isInstanceOf(Rejected.class);
    }

    @Test
    void aPasswordLockoutDoesNotBlockTokens() {
        NewToken token = new TokenService(store, clock).create("alice");

        lockAlice();

        assertThat(authenticator.authenticate("Bearer " + token.secret())).isInstanceOf(Authenticated.class);
    }

    private void lockAlice() {
        failAlice(5);
        assertThat(store.find("alice").orElseThrow().lockedUntil()).isPositive();
    }

    private void failAlice(int times) {
        for (int i = 0; i < times; i++) {
            authenticator.authenticate(basic("alice", "wrong password " + i));
        }
    }
}
