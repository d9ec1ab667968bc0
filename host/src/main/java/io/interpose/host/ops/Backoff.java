package io.interpose.host.ops;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} (from 0) waits between half and all of
 * {@code min * 2^n}, capped at {@code max}, so that many hosts losing the manager at once do not
 * return in step. Immutable; thread-safe if the random source is.
 */
record Backoff(Duration min, Duration max, DoubleSupplier random) {

    Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
    }

    Duration delay(int attempt) {
        long minMillis = Math.max(1, min.toMillis());
        long ceiling = Math.max(minMillis, max.toMillis());
        int shift = Math.min(Math.max(attempt, 0), 40);
        long full = minMillis << shift;
        long capped = full <= 0 || full > ceiling ? ceiling : full;
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
