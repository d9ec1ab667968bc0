package io.interpose.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.SubscriptionMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerdictTest {
    @Test
    void aVerdictIsAllowOrDenyWithANonNegativeTtlAndAShortReason() {
        assertThatThrownBy(() -> new Verdict(Decision.DECISION_UNSPECIFIED, Duration.ZERO, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.allow().cachedFor(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Verdict.deny("x".repeat(1000)).reason()).hasSize(256);
        assertThat(Verdict.allow().cachedFor(Duration.ofDays(100)).cacheTtlMillis()).isEqualTo((int) 0xFFFF_FFFFL);
    }

    @Test
    void aSubscriptionNeedsARealTypeAndMode() {
        assertThatThrownBy(() -> new Subscription(EventType.EVENT_TYPE_UNSPECIFIED, SubscriptionMode.NOTIFY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Subscription(EventType.FILE_OPEN, SubscriptionMode.SUBSCRIPTION_MODE_UNSPECIFIED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Subscription.decide(EventType.FILE_OPEN).mode()).isEqualTo(SubscriptionMode.DECIDE);
    }
}
