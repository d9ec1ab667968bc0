package io.interpose.guest.linux;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import java.time.Instant;
import java.time.InstantSource;

/** The start every sensor's event has: its type and when it was seen, as the protocol counts time. */
public final class Events {

    private Events() {
    }

    /** An event of {@code type} seen now, by {@code clock}. */
    public static Event.Builder now(EventType type, InstantSource clock) {
        return at(type, clock.instant());
    }

    /** An event of {@code type} seen at {@code time}. */
    public static Event.Builder at(EventType type, Instant time) {
        return Event.newBuilder().setType(type).setTimeUnixNanos(unixNanos(time));
    }

    /** Nanoseconds since the epoch, as {@code time_unix_nanos} fields carry them. */
    public static long unixNanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
