package io.interpose.manager.identity;

import static io.interpose.manager.identity.AuthenticatorTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.identity.AuthResult.Authenticated;
import io.interpose.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timing properties, asserted with wide margins: what matters is "PBKDF2 ran" versus "it did not". */
class AuthenticatorTimingTest {
    private static final String PASSWORD = "correct horse battery";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryUserStore store = new InMemoryUserStore();
    private final PasswordHasher hasher = new PasswordHasher(100_000);
    private final Authenticator authenticator = new Authenticator(store, hasher, clock,
            new LockoutPolicy(1_000, Duration.ofMinutes(5)), new CredentialCache(clock));

    AuthenticatorTimingTest() {
        new UserService(store, hasher, clock).create(new NewUser("alice", PASSWORD, List.of("auditor"), ""));
    }

    @Test
    void anUnknownUserCostsAboutAsMuchAsAWrongPassword() {
        long wrongPassword = medianNanos(() -> authenticator.authenticate(basic("alice", "wrong password")));
        long unknownUser = medianNanos(() -> authenticator.authenticate(basic("mallory", "wrong password")));

        assertThat(unknownUser).isGreaterThan(wrongPassword / 3);
    }

    @Test
    void aRecentlyVerifiedPasswordIsNotHashedAgain() {
        long start = System.nanoTime();
        assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
        long first = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(authenticator.authenticate(basic("alice", PASSWORD))).isInstanceOf(Authenticated.class);
        }
        long fiftyMore = System.nanoTime() - start;

        assertThat(fiftyMore).isLessThan(first);
    }

    private static long medianNanos(Runnable work) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
