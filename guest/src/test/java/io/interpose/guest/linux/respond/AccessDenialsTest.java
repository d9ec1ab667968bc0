package io.interpose.guest.linux.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.protocol.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessDenialsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AccessDenials denials = new AccessDenials(clock);

    @Test
    void aTimedDenialEndsWhenItsDurationHasPassedAndIsThenDropped() {
        denials.deny(Path.of("/home/alice/x"), Duration.ofSeconds(5));

        assertThat(denials.denied(Path.of("/home/alice/x"))).isTrue();
        assertThat(denials.denied(Path.of("/home/alice/y"))).isFalse();
        clock.advance(Duration.ofMillis(4_999));
        assertThat(denials.denied(Path.of("/home/alice/x"))).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(denials.denied(Path.of("/home/alice/x"))).isFalse();
        assertThat(denials.size()).isZero();
    }

    @Test
    void aZeroDurationLastsUntilTheAgentStops() {
        denials.deny(Path.of("/tmp/evil"), Duration.ZERO);
        clock.advance(Duration.ofDays(10_000));

        assertThat(denials.denied(Path.of("/tmp/evil"))).isTrue();
    }

    @Test
    void pathsMatchAfterNormalisationAndALaterOrderReplacesAnEarlierOne() {
        denials.deny(Path.of("/a/./b/../c"), Duration.ofSeconds(1));
        denials.deny(Path.of("/a/c"), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(2));

        assertThat(denials.denied(Path.of("/a/x/../c"))).isTrue();
        assertThat(denials.size()).isEqualTo(1);
    }

    @Test
    void aRelativePathOrANegativeDurationIsRefused() {
        assertThatThrownBy(() -> denials.deny(Path.of("relative"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> denials.deny(Path.of("/x"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
