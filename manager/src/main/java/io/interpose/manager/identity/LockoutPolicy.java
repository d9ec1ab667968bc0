package io.interpose.manager.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * How many consecutive failed passwords lock an account ({@code maxFailures}) and for how long
 * ({@code lockDuration}). Throws {@link IllegalArgumentException} for a non-positive value.
 */
public record LockoutPolicy(int maxFailures, Duration lockDuration) {
    public static final LockoutPolicy DEFAULT = new LockoutPolicy(5, Duration.ofMinutes(5));

    public LockoutPolicy {
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (maxFailures < 1 || lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("maxFailures and lockDuration must be positive");
        }
    }
}
