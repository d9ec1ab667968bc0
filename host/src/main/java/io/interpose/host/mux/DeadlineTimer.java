package io.interpose.host.mux;

import java.util.concurrent.ScheduledFuture;

/** The deadline timer of something the MUX waits for (a verdict share, a relayed request); cancelled when the answer comes. */
final class DeadlineTimer {
    private volatile ScheduledFuture<?> timer;

    void set(ScheduledFuture<?> scheduled) {
        this.timer = scheduled;
    }

    void cancel() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
