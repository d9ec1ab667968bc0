package io.interpose.compute.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before the n-th consecutive attempt to restart or redeploy a service VM:
 * {@code first * multiplier^(n-1)}, at most {@code max}. The count starts again once a service VM has
 * been ready for {@code resetAfter}.
 */
public record RestartBackoff(Duration first, double multiplier, Duration max, Duration resetAfter) {
    /** 250 ms, doubling, at most 30 s; reset after 60 s ready. */
    public static final RestartBackoff DEFAULT =
            new RestartBackoff(Duration.ofMillis(250), 2.0, Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RestartBackoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (first.isNegative() || max.compareTo(first) < 0 || resetAfter.isNegative() || !(multiplier >= 1.0)) {
            throw new IllegalArgumentException("backoff needs 0 <= first <= max, multiplier >= 1, resetAfter >= 0");
        }
    }

    /** The wait before attempt number {@code failures} (1 for the first retry). */
    public Duration delay(int failures) {
        double nanos = first.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }
}
