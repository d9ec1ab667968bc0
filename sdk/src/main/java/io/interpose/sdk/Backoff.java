package io.interpose.sdk;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect backoff with jitter: the base delay starts at {@code initial} and doubles up to
 * {@code max}; each delay is drawn from [base/2, base] so that many SVMs restarting together spread out.
 * Not thread-safe (the reader thread owns it).
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private long baseNanos;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.baseNanos = initialNanos;
    }

    /** The next delay, and doubles the base for the one after. */
    Duration next() {
        long base = baseNanos;
        baseNanos = Math.min(maxNanos, base * 2);
        long half = base / 2;
        return Duration.ofNanos(half + random.nextLong(base - half + 1));
    }

    /** Back to the initial delay, after a session was established. */
    void reset() {
        baseNanos = initialNanos;
    }
}
