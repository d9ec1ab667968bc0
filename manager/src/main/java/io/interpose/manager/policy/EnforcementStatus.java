package io.interpose.manager.policy;

import java.util.List;

/**
 * Where a policy object is enforced: for each host it concerns, whether the host agent has applied it
 * (fed by the control channel's acks). The realized-state API shows these next to the realization state.
 */
@FunctionalInterface
public interface EnforcementStatus {
    /** The hosts concerned by the endpoint rule or policy at {@code intentPath}, sorted by host id; empty if none. */
    List<HostEnforcement> hosts(String intentPath);

    /** No control channel: nothing is reported per host. */
    static EnforcementStatus none() {
        return path -> List.of();
    }

    /**
     * One host's state for an intent: {@code REALIZED} (the host acknowledged a generation at or after the
     * one that carried the intent's last change), {@code IN_PROGRESS} (connected, not yet acknowledged) or
     * {@code UNKNOWN} (the host agent is not connected to this manager).
     */
    record HostEnforcement(String hostId, State state, long requiredGeneration, long appliedGeneration) {}

    /** The per-host states, in the order the API consolidates them (the first present wins). */
    enum State { IN_PROGRESS, UNKNOWN, REALIZED }
}
