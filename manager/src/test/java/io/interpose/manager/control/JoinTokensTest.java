package io.interpose.manager.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.store.Database;
import io.interpose.manager.store.DatabaseConfig;
import io.interpose.protocol.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join tokens: one hour, one use, one host, and they survive reopening the database. */
class JoinTokensTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aTokenExpiresAfterAnHour() {
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            JoinTokens tokens = new JoinTokens(database, clock);
            JoinToken token = tokens.create("host-1");
            assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(61));
            assertThat(tokens.consume("host-1", token.joinToken())).isFalse();
        }
    }

    @Test
    void aTokenSurvivesARestartAndIsUsableOnceByItsHost() {
        String secret;
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            secret = new JoinTokens(database, clock).create("host-1").joinToken();
        }
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            JoinTokens tokens = new JoinTokens(database, clock);
            assertThat(tokens.consume("host-2", secret)).as("another host").isFalse();
            assertThat(tokens.consume("host-1", secret)).isTrue();
            assertThat(tokens.consume("host-1", secret)).as("second use").isFalse();
            assertThat(tokens.consume("host-1", "")).isFalse();
        }
    }

    @Test
    void theSecretIsNeitherStoredNorPrinted() {
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            JoinToken token = new JoinTokens(database, clock).create("host-1");
            String stored = database.read(c -> {
                try (var s = c.createStatement(); var rows = s.executeQuery("SELECT token_hash FROM host_join_tokens")) {
                    rows.next();
                    return rows.getString(1);
                }
            });
            assertThat(stored).isNotEqualTo(token.joinToken()).hasSize(64);
            assertThat(token.toString()).doesNotContain(token.joinToken());
        }
    }
}
