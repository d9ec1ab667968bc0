package io.interpose.host.mux;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.VerdictSource;

/**
 * One guest event waiting for its verdict: collects the share of every deciding service (any DENY
 * wins, the smallest cache hint counts) and answers the guest exactly once, when the last share is
 * in or when an overload decides it at once.
 */
final class PendingVerdict {

    private final GuestSession guest;
    private final long eventId;
    private int outstanding;
    private boolean deny;
    private boolean byPolicy;
    private int cacheTtlMs = Integer.MAX_VALUE;
    private String reason = "";
    private boolean done;

    PendingVerdict(GuestSession guest, long eventId, int shares) {
        this.guest = guest;
        this.eventId = eventId;
        this.outstanding = shares;
    }

    /** A service answered in time. */
    void answer(Decision decision, int cacheTtlMs, String reason) {
        share(decision == Decision.DENY, cacheTtlMs, reason, false);
    }

    /** A service was down, unhealthy or late: its failure policy decides its share. */
    void fail(ServiceState service) {
        Decision decision = service.failureDecision();
        service.meters().verdict(decision, VerdictSource.FAILURE_POLICY, -1);
        share(decision == Decision.DENY, 0, "failure policy of " + service.id(), true);
    }

    /** A queue on the path is full: the default verdict, at once. */
    void overload(Decision defaultDecision) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        guest.settled(eventId, defaultDecision, 0, "overload", VerdictSource.OVERLOAD);
    }

    private void share(boolean denies, int ttl, String why, boolean policy) {
        synchronized (this) {
            if (done) {
                return;
            }
            if (denies && !deny) {
                deny = true;
                reason = why;
            }
            byPolicy |= policy;
            cacheTtlMs = Math.min(cacheTtlMs, ttl);
            if (--outstanding > 0) {
                return;
            }
            done = true;
        }
        guest.settled(eventId, deny ? Decision.DENY : Decision.ALLOW, cacheTtlMs, reason,
                byPolicy ? VerdictSource.FAILURE_POLICY : VerdictSource.SERVICES);
    }
}
