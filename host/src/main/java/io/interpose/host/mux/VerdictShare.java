package io.interpose.host.mux;

/** What one SVM link owes one pending verdict: the event it was sent, when, and its deadline timer. */
final class VerdictShare {

    final PendingVerdict pending;
    final long sentNanos;
    final DeadlineTimer deadline = new DeadlineTimer();

    VerdictShare(PendingVerdict pending, long sentNanos) {
        this.pending = pending;
        this.sentNanos = sentNanos;
    }
}
