package io.interpose.guest.link;

import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Welcome;
import java.util.Optional;

/**
 * Told about the guest link's session changes. Methods run on the link's reader thread (or the thread that
 * noticed the close): return quickly and never block. Every method has a no-op default.
 */
public interface LinkListener {

    /** The MUX accepted the hello; an Interest follows. */
    default void onEstablished(Welcome welcome) {
    }

    /** The event types the services protecting this VM consume changed; it replaces the earlier one. */
    default void onInterest(Interest interest) {
    }

    /** The MUX refused the hello (wrong version, unknown VM, bad credential). The link retries with backoff. */
    default void onRefused(Refusal refusal) {
    }

    /** The session ended; {@code goodbye} is the MUX's last word if it said one. */
    default void onDisconnected(Optional<Goodbye> goodbye, String why) {
    }
}
