package io.interpose.host.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class BackoffTest {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Property
    void waitsBetweenHalfAndAllOfTheCappedExponentialDelay(@ForAll @IntRange(min = 0, max = 1000) int attempt,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        long full = Math.min(MAX.toMillis(), attempt >= 20 ? MAX.toMillis() : MIN.toMillis() << attempt);

        long delay = new Backoff(MIN, MAX, () -> random).delay(attempt).toMillis();

        assertThat(delay).isBetween(full / 2, full);
    }

    @Property
    void neverWaitsLongerForAnEarlierAttempt(@ForAll @IntRange(min = 0, max = 100) int attempt) {
        Backoff longest = new Backoff(MIN, MAX, () -> 0.999);
        Backoff shortest = new Backoff(MIN, MAX, () -> 0.0);

        assertThat(shortest.delay(attempt + 1)).isGreaterThanOrEqualTo(shortest.delay(attempt));
        assertThat(longest.delay(attempt + 1)).isGreaterThanOrEqualTo(longest.delay(attempt));
    }
}
