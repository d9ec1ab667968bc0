package io.interpose.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleFrom100MillisTo5SecondsWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(7));
        long[] bases = {100, 200, 400, 800, 1600, 3200, 5000, 5000};

        for (long base : bases) {
            assertThat(backoff.next().toMillis()).isBetween(base / 2, base);
        }
    }

    @Test
    void aResetStartsOverAndTheDelaysAreNotAllEqual() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(1));
        List<Duration> firsts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backoff.next();
            backoff.reset();
            firsts.add(backoff.next());
            backoff.reset();
        }

        assertThat(firsts).allSatisfy(d -> assertThat(d.toMillis()).isBetween(50L, 100L));
        assertThat(firsts.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
