package io.interpose.host.mux;

import io.interpose.protocol.gi.Subscribe;
import io.interpose.protocol.gi.Subscription;
import io.interpose.protocol.gi.SubscriptionMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's subscriptions, by event type number (unknown numbers included): what mode, if any. A
 * type named twice keeps its strongest mode (DECIDE over NOTIFY). Immutable.
 */
final class Subscriptions {

    static final int NONE = 0;
    static final int NOTIFY = SubscriptionMode.NOTIFY_VALUE;
    static final int DECIDE = SubscriptionMode.DECIDE_VALUE;
    static final Subscriptions EMPTY = new Subscriptions(new TreeMap<>());

    private static final int FAST_TYPES = 128;

    private final byte[] fast = new byte[FAST_TYPES];
    private final Map<Integer, Integer> byType;

    private Subscriptions(TreeMap<Integer, Integer> byType) {
        this.byType = byType;
        byType.forEach((type, mode) -> {
            if (type >= 0 && type < FAST_TYPES) {
                fast[type] = mode.byteValue();
            }
        });
    }

    static Subscriptions of(Subscribe subscribe) {
        TreeMap<Integer, Integer> byType = new TreeMap<>();
        for (Subscription s : subscribe.getSubscriptionsList()) {
            int mode = s.getModeValue();
            if (mode == NOTIFY || mode == DECIDE) {
                byType.merge(s.getTypeValue(), mode, Math::max);
            }
        }
        return new Subscriptions(byType);
    }

    /** {@link #NONE}, {@link #NOTIFY} or {@link #DECIDE}. */
    int mode(int type) {
        if (type >= 0 && type < FAST_TYPES) {
            return fast[type];
        }
        return byType.getOrDefault(type, NONE);
    }

    /** Every subscribed type number and its mode, in type order. */
    Map<Integer, Integer> byType() {
        return byType;
    }

    boolean decides() {
        return byType.containsValue(DECIDE);
    }
}
