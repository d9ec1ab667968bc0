package io.interpose.guest.linux;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;

/**
 * Where the agent's sensors (process, network, login, clock) put what they see: the guest link, as
 * notifications. A sensor asks {@link #wants} before doing the work of building an event, so that a
 * type no service consumes costs nothing.
 */
public interface EventSink {

    /** Whether a service protecting this VM consumes {@code type} now. Cheap: memory only. */
    boolean wants(EventType type);

    /** Sends {@code event} as a notification. Never blocks; false when dropped (not connected, queue full). */
    boolean send(Event event);
}
