package io.interpose.manager.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time join token for one host, as returned once to the administrator: the secret itself is
 * never stored (only its SHA-256) and cannot be read back.
 */
public record JoinToken(String hostId, String joinToken, Instant expiresAt) {
    public JoinToken {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(joinToken, "joinToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "JoinToken[hostId=" + hostId + ", joinToken=(hidden), expiresAt=" + expiresAt + "]";
    }
}
