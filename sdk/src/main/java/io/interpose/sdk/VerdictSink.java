package io.interpose.sdk;

/** Where a {@link GuestEvent}'s answer goes: the session that carried the event. */
interface VerdictSink {
    /** False when the session has ended or cannot take the frame. */
    boolean send(long eventId, Verdict verdict);
}
