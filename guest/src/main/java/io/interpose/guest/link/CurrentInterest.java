package io.interpose.guest.link;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import java.util.List;
import java.util.Objects;

/**
 * The Interest the MUX sent last, with a constant-time lookup of what to do with each event type and the
 * agent's fallbacks applied (a deadline of 0 or an unspecified default decision take the link's own).
 * Immutable.
 */
public final class CurrentInterest {

    /** What the agent does with an event type. */
    public enum Mode {
        /** Nobody consumes it: do not intercept. */
        NONE,
        /** Send it without waiting. */
        NOTIFY,
        /** Hold the operation until the verdict. */
        DECIDE
    }

    private final Interest interest;
    private final int deadlineMs;
    private final Decision defaultDecision;
    private final long decideMask;
    private final long notifyMask;

    private CurrentInterest(Interest interest, int deadlineMs, Decision defaultDecision) {
        this.interest = Objects.requireNonNull(interest, "interest");
        this.deadlineMs = deadlineMs;
        this.defaultDecision = defaultDecision;
        this.decideMask = mask(interest.getDecideValueList());
        this.notifyMask = mask(interest.getNotifyValueList());
    }

    /** The Interest with the link's fallbacks for what it leaves unset. */
    static CurrentInterest of(Interest interest, int fallbackDeadlineMs, Decision fallbackDecision) {
        int deadline = interest.getVerdictDeadlineMs() > 0 ? interest.getVerdictDeadlineMs() : fallbackDeadlineMs;
        Decision decision = interest.getDefaultDecision() == Decision.ALLOW || interest.getDefaultDecision() == Decision.DENY
                ? interest.getDefaultDecision() : fallbackDecision;
        return new CurrentInterest(interest, deadline, decision);
    }

    private static long mask(List<Integer> types) {
        long mask = 0;
        for (int type : types) {
            mask |= type >= 0 && type < 64 ? 1L << type : 0;
        }
        return mask;
    }

    /** The Interest as the MUX sent it (empty before the first). */
    public Interest interest() {
        return interest;
    }

    /** How long to hold an event for its verdict, in milliseconds (positive). */
    public int deadlineMs() {
        return deadlineMs;
    }

    /** What to apply when no verdict comes: ALLOW or DENY. */
    public Decision defaultDecision() {
        return defaultDecision;
    }

    /** What to do with events of this type; a type in both lists is decided. */
    public Mode mode(EventType type) {
        int number = type == EventType.UNRECOGNIZED ? -1 : type.getNumber();
        if (number >= 0 && number < 64) {
            long bit = 1L << number;
            return (decideMask & bit) != 0 ? Mode.DECIDE : (notifyMask & bit) != 0 ? Mode.NOTIFY : Mode.NONE;
        }
        if (interest.getDecideValueList().contains(number)) {
            return Mode.DECIDE;
        }
        return interest.getNotifyValueList().contains(number) ? Mode.NOTIFY : Mode.NONE;
    }

    /** True when some service consumes this type. */
    public boolean wants(EventType type) {
        return mode(type) != Mode.NONE;
    }

    @Override
    public String toString() {
        return "Interest{decide=" + interest.getDecideList() + ", notify=" + interest.getNotifyList()
                + ", deadline_ms=" + deadlineMs + ", default=" + defaultDecision + "}";
    }
}
