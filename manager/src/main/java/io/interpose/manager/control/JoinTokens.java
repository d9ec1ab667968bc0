package io.interpose.manager.control;

import io.interpose.manager.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One-time join tokens for host enrolment, kept (hashed) in table {@code host_join_tokens} so that they
 * survive a manager restart. A token is valid for one hour, for the host it was made for, once: a
 * successful {@link #consume} deletes it. Failure modes: {@link io.interpose.manager.store.StoreException}
 * when the database fails.
 */
public final class JoinTokens {
    public static final Duration VALIDITY = Duration.ofHours(1);
    private final Database database;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JoinTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A new token for {@code hostId}; expired tokens of every host are dropped on the way. */
    public JoinToken create(String hostId) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(VALIDITY);
        database.transaction(c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM host_join_tokens WHERE expires_at <= ?")) {
                purge.setLong(1, now.toEpochMilli());
                purge.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO host_join_tokens (token_hash, host_id, create_time, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, hash(token));
                insert.setString(2, hostId);
                insert.setLong(3, now.toEpochMilli());
                insert.setLong(4, expires.toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
        return new JoinToken(hostId, token, expires);
    }

    /**
     * True, and the token is gone, if {@code token} is an unexpired token made for {@code hostId}; false
     * otherwise (unknown, already used, expired, or made for another host; the last is left in place).
     */
    public boolean consume(String hostId, String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        return database.transaction(c -> delete(c, hostId, token)) == 1;
    }

    private int delete(java.sql.Connection c, String hostId, String token) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM host_join_tokens WHERE token_hash = ? AND host_id = ? AND expires_at > ?")) {
            delete.setString(1, hash(token));
            delete.setString(2, hostId);
            delete.setLong(3, clock.millis());
            return delete.executeUpdate();
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
