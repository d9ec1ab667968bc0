package io.interpose.sdk;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.ProcessContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One event from a protected VM, as the MUX forwarded it, that knows how to answer itself. The full
 * context (process, file, connection, ...) is in {@link #message()}.
 *
 * <p>An event that awaits a verdict takes exactly one answer: the first call of {@link #answer(Verdict)}
 * (or its shortcuts) wins and returns true; later calls, answers to notifications and answers after the
 * session that carried the event has ended return false and send nothing. Thread-safe.
 */
public final class GuestEvent {
    private static final AtomicIntegerFieldUpdater<GuestEvent> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(GuestEvent.class, "answered");

    private final Event message;
    private final VerdictSink sink;
    private final long receivedNanos;
    private volatile int answered;

    GuestEvent(Event message, VerdictSink sink, long receivedNanos) {
        this.message = message;
        this.sink = sink;
        this.receivedNanos = receivedNanos;
    }

    /** The event's id on this session. */
    public long id() {
        return message.getId();
    }

    public String vmId() {
        return message.getVmId();
    }

    public EventType type() {
        return message.getType();
    }

    /** The event type's number, also for types newer than this SDK ({@link #type()} is then UNRECOGNIZED). */
    public int typeNumber() {
        return message.getTypeValue();
    }

    /** True when the guest holds the operation until this service's verdict. */
    public boolean awaitsVerdict() {
        return message.getAwaitsVerdict();
    }

    /** The time the MUX gave to answer, counted from when the SDK read the event. */
    public Duration deadline() {
        return Duration.ofMillis(message.getDeadlineMs());
    }

    /** Time left until {@link #deadline()}, negative when past. */
    public Duration timeLeft() {
        return Duration.ofMillis(message.getDeadlineMs()).minusNanos(System.nanoTime() - receivedNanos);
    }

    /** The file's path for file events. */
    public Optional<String> filePath() {
        return message.hasFile() ? Optional.of(message.getFile().getFile().getPath()) : Optional.empty();
    }

    /** The process that caused the event (for process events: the process itself). */
    public ProcessContext process() {
        return message.getProcess();
    }

    /** The event as it came over the wire. */
    public Event message() {
        return message;
    }

    /** Answers with {@code verdict}; see the class documentation for when it returns false. */
    public boolean answer(Verdict verdict) {
        if (!message.getAwaitsVerdict() || !ANSWERED.compareAndSet(this, 0, 1)) {
            return false;
        }
        return sink.send(message.getId(), verdict);
    }

    public boolean allow() {
        return answer(Verdict.allow());
    }

    public boolean allow(Duration cacheTtl) {
        return answer(Verdict.allow().cachedFor(cacheTtl));
    }

    public boolean deny(String reason) {
        return answer(Verdict.deny(reason));
    }

    /** Whether an answer was given (always false for notifications). */
    public boolean answered() {
        return answered != 0;
    }

    @Override
    public String toString() {
        return "GuestEvent[" + message.getId() + " " + message.getType() + " vm=" + message.getVmId()
                + (message.getAwaitsVerdict() ? " awaits " + message.getDeadlineMs() + " ms" : "") + "]";
    }
}
