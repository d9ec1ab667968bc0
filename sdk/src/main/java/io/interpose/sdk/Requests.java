package io.interpose.sdk;

import io.interpose.protocol.gi.ResultCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queries or remediations waiting for their result, by id. Results and failures complete the futures on
 * the result executor, never on the reader thread. At most {@code limit} wait at once.
 */
final class Requests<R> {
    private final Map<Long, CompletableFuture<R>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Executor results;
    private final int limit;

    Requests(Executor results, int limit) {
        this.results = results;
        this.limit = limit;
    }

    /** A new id with its future, or empty when too many wait. */
    long register(CompletableFuture<R> future) {
        if (pending.size() >= limit) {
            return -1;
        }
        long id = ids.incrementAndGet();
        pending.put(id, future);
        return id;
    }

    /** False when the id is unknown or already finished. */
    boolean complete(long id, R result) {
        CompletableFuture<R> future = pending.remove(id);
        if (future != null) {
            results.execute(() -> future.complete(result));
        }
        return future != null;
    }

    void fail(long id, ResultCode code, String message) {
        CompletableFuture<R> future = pending.remove(id);
        if (future != null) {
            results.execute(() -> future.completeExceptionally(new GuestRequestException(code, message)));
        }
    }

    void failAll(ResultCode code, String message) {
        pending.keySet().forEach(id -> fail(id, code, message));
    }
}
