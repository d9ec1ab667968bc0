package io.interpose.compute.lab;

import io.interpose.compute.HostPowerOnGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * A power-on gate the test opens by hand: each host's wait blocks until the test answers
 * {@link #ready}, {@link #notReady} or {@link #fail} for that host. Records every call.
 */
final class ControllableGate implements HostPowerOnGate {
    record Call(String hostId, Duration timeout, String thread) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();
    private final List<String> interrupted = new CopyOnWriteArrayList<>();

    @Override
    public boolean awaitReady(String hostId, Duration timeout) throws InterruptedException {
        calls.add(new Call(hostId, timeout, Thread.currentThread().getName()));
        try {
            return answer(hostId).get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            interrupted.add(hostId);
            throw e;
        }
    }

    private CompletableFuture<Boolean> answer(String hostId) {
        return answers.computeIfAbsent(hostId, h -> new CompletableFuture<>());
    }

    void ready(String hostId) {
        answer(hostId).complete(true);
    }

    /** The agent manager's answer when the timeout passed without the service VMs being ready. */
    void notReady(String hostId) {
        answer(hostId).complete(false);
    }

    void fail(String hostId) {
        answer(hostId).completeExceptionally(new IllegalStateException("agent manager unreachable"));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The hosts whose wait was interrupted. */
    List<String> interrupted() {
        return List.copyOf(interrupted);
    }
}
