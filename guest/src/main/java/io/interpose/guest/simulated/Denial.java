package io.interpose.guest.simulated;

import io.interpose.protocol.gi.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * An operation a simulated guest refused: what (event type and subject: a path, a program, an address),
 * when, and why ("MUX: SERVICES ...", "local: deny_access", or the guest's own default).
 */
public record Denial(Instant at, EventType type, String subject, String why) {

    public Denial {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(why, "why");
    }
}
