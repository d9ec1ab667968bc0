package io.interpose.manager.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of {@link Authenticator#authenticate}. {@link Rejected} and {@link Locked} both mean
 * "no access" (HTTP 401); {@link Rejected#reason()} is safe to show to the client: it never tells an
 * unknown user from a wrong password.
 */
public sealed interface AuthResult {

    record Authenticated(Principal principal) implements AuthResult {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    record Rejected(String reason) implements AuthResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Too many failed passwords: refused, even with the right password, until {@code until}. */
    record Locked(Instant until) implements AuthResult {
        public Locked {
            Objects.requireNonNull(until, "until");
        }
    }
}
