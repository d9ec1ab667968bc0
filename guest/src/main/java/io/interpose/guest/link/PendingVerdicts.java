package io.interpose.guest.link;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The events of one session that wait for a verdict. Whoever removes an entry completes its future: the
 * verdict, the deadline sweep, or the end of the session; so each future completes exactly once.
 */
final class PendingVerdicts {

    private record Waiting(CompletableFuture<Verdict> future, long deadlineNanos, Decision fallback) {
    }

    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int bound;
    private final LongAdder answered;
    private final LongAdder defaulted;

    /** Counts each completion in {@code answered} or {@code defaulted} before completing the future. */
    PendingVerdicts(int bound, LongAdder answered, LongAdder defaulted) {
        this.bound = bound;
        this.answered = answered;
        this.defaulted = defaulted;
    }

    /** Registers an event; false (and nothing registered) when {@code bound} events already wait. */
    boolean add(long id, CompletableFuture<Verdict> future, long deadlineNanos, Decision fallback) {
        if (size.incrementAndGet() > bound) {
            size.decrementAndGet();
            return false;
        }
        waiting.put(id, new Waiting(future, deadlineNanos, fallback));
        return true;
    }

    /** Completes the event the verdict names; false when no such event waits. */
    boolean complete(Verdict verdict) {
        Waiting w = remove(verdict.getEventId());
        if (w == null) {
            return false;
        }
        answered.increment();
        w.future.complete(verdict);
        return true;
    }

    /** Completes one event with its default, if it still waits; returns whether it did. */
    boolean fallBack(long id, String reason) {
        Waiting w = remove(id);
        if (w == null) {
            return false;
        }
        defaulted.increment();
        w.future.complete(fallbackVerdict(id, w.fallback, reason));
        return true;
    }

    /** Completes with their default every event past its deadline; returns how many. */
    int expire(long nowNanos, String reason) {
        if (size.get() == 0) {
            return 0;
        }
        int expired = 0;
        for (Iterator<Map.Entry<Long, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Waiting> e = it.next();
            if (nowNanos - e.getValue().deadlineNanos >= 0 && fallBack(e.getKey(), reason)) {
                expired++;
            }
        }
        return expired;
    }

    /** Completes every waiting event with its default; returns how many. */
    int fallBackAll(String reason) {
        int count = 0;
        for (Long id : waiting.keySet()) {
            count += fallBack(id, reason) ? 1 : 0;
        }
        return count;
    }

    private Waiting remove(long id) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            size.decrementAndGet();
        }
        return w;
    }

    static Verdict fallbackVerdict(long id, Decision decision, String reason) {
        return Verdict.newBuilder().setEventId(id).setDecision(decision).setSource(VerdictSource.GUEST_DEFAULT)
                .setReason("guest default: " + reason).build();
    }

    static boolean isFallback(Verdict verdict) {
        return verdict.getSource() == VerdictSource.GUEST_DEFAULT;
    }
}
