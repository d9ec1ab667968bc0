package io.interpose.guest.link;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the guest link waits before reconnecting: exponential from {@code initial}, doubling per failed
 * attempt up to {@code max}, with jitter so that the guests of a restarted host do not all come back at the
 * same instant.
 */
public record Backoff(Duration initial, Duration max) {

    /** The protocol's recommendation (docs/gi-protocol.md section 3): 100 ms doubling to 5 s. */
    public static final Backoff STANDARD = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /**
     * The delay before attempt number {@code attempt} (0 for the first retry).
     *
     * @param jitter a random number in [0, 1): the delay is between half and all of the exponential step
     */
    public Duration delay(int attempt, double jitter) {
        long step = initial.toNanos() << Math.min(Math.max(attempt, 0), 30);
        long capped = step <= 0 ? max.toNanos() : Math.min(step, max.toNanos());
        return Duration.ofNanos((long) (capped * (0.5 + 0.5 * jitter)));
    }
}
