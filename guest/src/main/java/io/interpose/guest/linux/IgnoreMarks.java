package io.interpose.guest.linux;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allow verdicts the services said may be reused ({@code cache_ttl_ms}), kept in the kernel: an ignore
 * mask on the file's inode, so that later opens (or executions) of it raise no event at all. The kernel
 * drops an ignore mask when the file's content is modified, so only an unchanged file is allowed again.
 * The kernel has no time limit: every file mark is flushed once the earliest time to live of those set
 * has passed (marks are re-made as verdicts come), and whenever the Interest or the local rules change
 * (another service may now decide; a deny rule must see every open). Deny verdicts are never kept.
 */
final class IgnoreMarks {

    private static final Logger log = LoggerFactory.getLogger(IgnoreMarks.class);

    private final Fanotify group;
    private final LongSupplier nanoTime;
    private long flushAtNanos = Long.MAX_VALUE;
    private long generation;

    IgnoreMarks(Fanotify group, LongSupplier nanoTime) {
        this.group = group;
        this.nanoTime = nanoTime;
    }

    /** The current generation: a verdict asked for in an earlier one is not kept. */
    synchronized long generation() {
        return generation;
    }

    /** Keeps an allow for the file of {@code eventFd} (still open) for {@code ttlMillis}, if asked in {@code askedIn}. */
    synchronized void allow(int eventFd, long mask, long ttlMillis, long askedIn) {
        if (ttlMillis <= 0 || askedIn != generation) {
            return;
        }
        try {
            group.ignore(eventFd, mask);
            flushAtNanos = Math.min(flushAtNanos, nanoTime.getAsLong() + ttlMillis * 1_000_000L);
        } catch (IOException e) {
            log.debug("Not keeping a verdict: {}", e.getMessage());
        }
    }

    /** Flushes when the earliest time to live has passed; called periodically. */
    synchronized void expire() {
        if (nanoTime.getAsLong() - flushAtNanos >= 0) {
            flush();
        }
    }

    /** Forgets every kept verdict. */
    synchronized void flush() {
        generation++;
        flushAtNanos = Long.MAX_VALUE;
        try {
            group.flushFileMarks();
        } catch (IOException e) {
            log.warn("Could not forget the kept verdicts: {}", e.getMessage());
        }
    }
}
