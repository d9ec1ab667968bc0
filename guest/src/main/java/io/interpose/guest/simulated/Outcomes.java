package io.interpose.guest.simulated;

import io.interpose.protocol.gi.EventType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** How a simulated guest's verdicts went: counts, and the last {@value #KEPT} things it denied. Thread-safe. */
final class Outcomes {

    static final int KEPT = 100;

    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final Deque<Denial> denials = new ArrayDeque<>();

    void allowed() {
        allowed.increment();
    }

    void denied(Instant at, EventType type, String subject, String why) {
        denied.increment();
        synchronized (denials) {
            if (denials.size() == KEPT) {
                denials.removeFirst();
            }
            denials.addLast(new Denial(at, type, subject, why));
        }
    }

    long allowedCount() {
        return allowed.sum();
    }

    long deniedCount() {
        return denied.sum();
    }

    List<Denial> denials() {
        synchronized (denials) {
            return List.copyOf(denials);
        }
    }

    Optional<Denial> last() {
        synchronized (denials) {
            return Optional.ofNullable(denials.peekLast());
        }
    }
}
