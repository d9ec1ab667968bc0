package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final CredentialCache cache = new CredentialCache(clock, Duration.ofSeconds(30), 3);

    @Test
    void remembersAVerifiedPasswordForTheSameStoredHashOnly() {
        cache.put("alice", "secret-password", "hash-1");

        assertThat(cache.contains("alice", "secret-password", "hash-1")).isTrue();
        assertThat(cache.contains("alice", "secret-password", "hash-2")).isFalse();
        assertThat(cache.contains("alice", "other-password", "hash-1")).isFalse();
        assertThat(cache.contains("bob", "secret-password", "hash-1")).isFalse();
    }

    @Test
    void partsCannotBeShiftedAcrossBoundaries() {
        cache.put("al", "ice-password", "hash");

        assertThat(cache.contains("alice", "-password", "hash")).isFalse();
    }

    @Test
    void entriesExpireAfterTheTtl() {
        cache.put("alice", "secret-password", "hash-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.contains("alice", "secret-password", "hash-1")).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(cache.contains("alice", "secret-password", "hash-1")).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysWithinCapacityDroppingTheLeastRecentlyUsed() {
        cache.put("a", "p", "h");
        cache.put("b", "p", "h");
        cache.put("c", "p", "h");
        cache.contains("a", "p", "h");

        cache.put("d", "p", "h");

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.contains("b", "p", "h")).isFalse();
        assertThat(cache.contains("a", "p", "h")).isTrue();
        assertThat(cache.contains("d", "p", "h")).isTrue();
    }

    @Test
    void forgetDropsEveryEntryOfThatUser() {
        cache.put("alice", "p1", "h");
        cache.put("alice", "p2", "h");
        cache.put("bob", "p1", "h");

        cache.forget("alice");

        assertThat(cache.contains("alice", "p1", "h")).isFalse();
        assertThat(cache.contains("alice", "p2", "h")).isFalse();
        assertThat(cache.contains("bob", "p1", "h")).isTrue();
    }
}
