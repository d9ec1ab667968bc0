package io.interpose.sdk;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.SubscriptionMode;
import java.util.Objects;

/**
 * One event type a service wants: {@link SubscriptionMode#NOTIFY} (told, never waited for) or
 * {@link SubscriptionMode#DECIDE} (the guest holds the operation until the service's verdict).
 */
public record Subscription(EventType type, SubscriptionMode mode) {

    /** @throws IllegalArgumentException for an unspecified type or mode */
    public Subscription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mode, "mode");
        if (type == EventType.EVENT_TYPE_UNSPECIFIED || type == EventType.UNRECOGNIZED
                || mode == SubscriptionMode.SUBSCRIPTION_MODE_UNSPECIFIED || mode == SubscriptionMode.UNRECOGNIZED) {
            throw new IllegalArgumentException("a subscription needs a real event type and mode: " + type + " " + mode);
        }
    }

    public static Subscription notify(EventType type) {
        return new Subscription(type, SubscriptionMode.NOTIFY);
    }

    public static Subscription decide(EventType type) {
        return new Subscription(type, SubscriptionMode.DECIDE);
    }
}
