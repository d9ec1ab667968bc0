package io.interpose.host.mux;

import java.util.concurrent.ScheduledFuture;

/** What one SVM link owes one pending verdict: the event it was sent, when, and its deadline timer. */
final class VerdictShare {

    final PendingVerdict pending;
    final long sentNanos;
    private volatile ScheduledFuture<?> timeout;

    VerdictShare(PendingVerdict pending, long sentNanos) {
        this.pending = pending;
        this.sentNanos = sentNanos;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
