package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    @Test
    void delaysGrowExponentiallyUpToTheMaximum() {
        var backoff = RestartBackoff.DEFAULT;

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEarlierRetryWins() {
        ReconcileResult soon = ReconcileResult.retryAfter(Duration.ofSeconds(1));
        ReconcileResult later = ReconcileResult.retryAfter(Duration.ofSeconds(9));

        assertThat(later.and(soon)).isEqualTo(soon);
        assertThat(ReconcileResult.DONE.and(later)).isEqualTo(later);
        assertThat(soon.and(ReconcileResult.DONE)).isEqualTo(soon);
        assertThat(ReconcileResult.DONE.and(ReconcileResult.DONE)).isEqualTo(ReconcileResult.DONE);
    }
}
