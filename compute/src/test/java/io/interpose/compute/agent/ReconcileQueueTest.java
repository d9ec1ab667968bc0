package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One pass per key at a time, bursts coalesced, retries scheduled. */
class ReconcileQueueTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> passes = new ArrayList<>();

    private ReconcileQueue queue(Function<String, ReconcileResult> reconciler) {
        return new ReconcileQueue(scheduler, key -> {
            passes.add(key + "@" + Duration.between(START, clock.instant()).toSeconds());
            return reconciler.apply(key);
        });
    }

    @Test
    void aBurstOfTriggersForOneKeyIsOnePass() {
        ReconcileQueue queue = queue(key -> ReconcileResult.DONE);

        queue.trigger("a");
        queue.trigger("a");
        queue.trigger("b");
        queue.trigger("a");
        scheduler.runDue();

        assertThat(passes).containsExactly("a@0", "b@0");
    }

    @Test
    void aTriggerDuringAPassCausesExactlyOneMorePass() {
        ReconcileQueue[] self = new ReconcileQueue[1];
        self[0] = queue(key -> {
            if (passes.size() == 1) {
                self[0].trigger(key);
                self[0].trigger(key);
            }
            return ReconcileResult.DONE;
        });

        self[0].trigger("a");
        scheduler.runDue();

        assertThat(passes).containsExactly("a@0", "a@0");
    }

    @Test
    void retryAfterRunsThePassAgainWhenDueUnlessTriggeredSooner() {
        ReconcileQueue queue = queue(key -> passes.size() < 3 ? ReconcileResult.retryAfter(Duration.ofSeconds(10)) : ReconcileResult.DONE);

        queue.trigger("a");
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(3));
        queue.trigger("a");
        scheduler.runDue();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(passes).containsExactly("a@0", "a@10", "a@13");
    }

    @Test
    void aFailingPassIsRetriedLater() {
        ReconcileQueue queue = queue(key -> {
            if (passes.size() == 1) {
                throw new IllegalStateException("boom");
            }
            return ReconcileResult.DONE;
        });

        queue.trigger("a");
        scheduler.runDue();
        scheduler.advance(ReconcileQueue.ERROR_RETRY);

        assertThat(passes).containsExactly("a@0", "a@5");
    }

    @Test
    void aClosedQueueRunsNothing() {
        ReconcileQueue queue = queue(key -> ReconcileResult.DONE);
        queue.trigger("a");

        queue.close(Duration.ZERO);
        queue.trigger("b");
        scheduler.runDue();

        assertThat(passes).isEmpty();
    }
}
