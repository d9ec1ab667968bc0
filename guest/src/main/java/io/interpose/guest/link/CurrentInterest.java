package io.interpose.guest.link;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import java.util.Objects;

/**
 * The Interest the MUX sent last, with a lookup of what to do with each event type and the
 * agent's fallbacks applied (a deadline of 0 or an unspecified default decision take the link's own).
 */
public record CurrentInterest(Interest interest, int deadlineMs, Decision defaultDecision) {

    /** What the agent does with an event type. */
    public enum Mode {
        /** Nobody consumes it: do not intercept. */
        NONE,
        /** Send it without waiting. */
        NOTIFY,
        /** Hold the operation until the verdict. */
        DECIDE
    }

    public CurrentInterest {
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(defaultDecision, "defaultDecision");
        if (deadlineMs <= 0) {
            throw new IllegalArgumentException("deadlineMs must be positive, got " + deadlineMs);
        }
    }

    /** The Interest with the link's fallbacks for what it leaves unset. */
    static CurrentInterest of(Interest interest, int fallbackDeadlineMs, Decision fallbackDecision) {
        int deadline = interest.getVerdictDeadlineMs() > 0 ? interest.getVerdictDeadlineMs() : fallbackDeadlineMs;
        Decision decision = interest.getDefaultDecision() == Decision.ALLOW || interest.getDefaultDecision() == Decision.DENY
                ? interest.getDefaultDecision() : fallbackDecision;
        return new CurrentInterest(interest, deadline, decision);
    }

    /** What to do with events of this type; a type in both lists is decided. */
    public Mode mode(EventType type) {
        int number = type == EventType.UNRECOGNIZED ? -1 : type.getNumber();
        if (interest.getDecideValueList().contains(number)) {
            return Mode.DECIDE;
        }
        return interest.getNotifyValueList().contains(number) ? Mode.NOTIFY : Mode.NONE;
    }

    /** True when some service consumes this type. */
    public boolean wants(EventType type) {
        return mode(type) != Mode.NONE;
    }
}
