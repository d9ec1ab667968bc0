package io.interpose.compute;

import java.time.Duration;

/**
 * Decides when workload VMs may be powered on on a host that has just started (connected, or left
 * maintenance mode): the agent manager answers "when this host's service VMs are ready". The lab
 * hypervisor asks it before powering workloads on, and powers them on anyway after {@code timeout}
 * (the documented start-order policy), so a broken service VM cannot keep a host's workloads down.
 */
public interface HostPowerOnGate {
    /** A gate that never waits. */
    HostPowerOnGate OPEN = (hostId, timeout) -> true;

    /**
     * Blocks until the host's service VMs are ready or {@code timeout} passes; true if they are ready.
     * Called on a hypervisor thread, never while the hypervisor holds its lock.
     */
    boolean awaitReady(String hostId, Duration timeout) throws InterruptedException;
}
