package io.interpose.compute.agent;

import java.time.Duration;
import java.util.Objects;

/** What one reconcile pass asks for: nothing more ({@link Done}), or another pass after a delay. */
public sealed interface ReconcileResult {
    Done DONE = new Done();

    record Done() implements ReconcileResult {}

    record RetryAfter(Duration delay) implements ReconcileResult {
        public RetryAfter {
            Objects.requireNonNull(delay, "delay");
            delay = delay.isNegative() ? Duration.ZERO : delay;
        }
    }

    static ReconcileResult retryAfter(Duration delay) {
        return new RetryAfter(delay);
    }

    /** The more urgent of the two: the earlier retry, or done if neither retries. */
    default ReconcileResult and(ReconcileResult other) {
        if (this instanceof RetryAfter mine && other instanceof RetryAfter theirs) {
            return mine.delay().compareTo(theirs.delay()) <= 0 ? this : other;
        }
        return this instanceof RetryAfter ? this : other;
    }
}
