package io.interpose.compute.lab;

import io.interpose.compute.HostPowerOnGate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs host starts: for each, on a thread of its own (never the caller's, so never under the lab's
 * lock), asks the {@link HostPowerOnGate} to wait for the host's service VMs, then powers the
 * workloads on, also when the gate answers "not ready" or fails (the documented policy: a broken
 * service VM must not keep a host's workloads down). Hosts start in parallel. Closing interrupts
 * the waits; their workloads stay remembered and off until the host starts again.
 */
final class HostStarts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostStarts.class);
    private final HostStartPolicy policy;
    private final ExecutorService threads;
    private volatile HostPowerOnGate gate = HostPowerOnGate.OPEN;

    HostStarts(String labId, HostStartPolicy policy) {
        this.policy = policy;
        var count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "lab-datacenter-" + labId + "-host-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void gate(HostPowerOnGate next) {
        gate = Objects.requireNonNull(next, "gate");
    }

    /** Waits for {@code hostId}'s gate on a host-start thread, then runs {@code powerOn}; nothing after close. */
    void start(String hostId, Runnable powerOn) {
        try {
            threads.execute(() -> {
                if (awaitGate(hostId)) {
                    powerOn.run();
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.debug("lab closed; host {} does not start its workloads now", hostId);
        }
    }

    /** False only if interrupted (the lab is closing). */
    private boolean awaitGate(String hostId) {
        Duration timeout = policy.gateTimeout();
        try {
            if (!gate.awaitReady(hostId, timeout)) {
                LOG.warn("service VMs of host {} not ready after {}; powering its workloads on anyway", hostId, timeout);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("start of host {} interrupted; its workloads stay off until the host starts again", hostId);
            return false;
        } catch (RuntimeException e) {
            LOG.warn("power-on gate failed for host {}; powering its workloads on anyway", hostId, e);
            return true;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("host starts still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
