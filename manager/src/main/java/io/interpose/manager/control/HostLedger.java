package io.interpose.manager.control;

import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.HostHello;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The manager's book on one host: connection, health, the state last sent with its generation, the
 * generation the host acknowledged, and for each endpoint rule the generation of the last message that
 * changed what the rule means on this host. Thread-safe (every method holds the ledger's lock).
 */
final class HostLedger {
    private HostStatus status;
    private HostState sent = HostState.empty();
    private final Map<String, Long> ruleGenerations = new HashMap<>();

    HostLedger(String hostId) {
        this.status = HostStatus.unknown(hostId);
    }

    synchronized HostStatus status() {
        return status;
    }

    synchronized HostState sent() {
        return sent;
    }

    synchronized void connected(HostHello hello, Instant now) {
        HostStatus s = status;
        status = new HostStatus(s.hostId(), HostStatus.Connection.CONNECTED, Optional.of(now), Optional.of(now), hello.getAgentVersion(),
                hello.getMuxGuestEndpoint(), hello.getMuxPartnerEndpoint(), Optional.empty(), Optional.empty(),
                s.desiredGeneration(), Math.max(s.appliedGeneration(), hello.getAppliedGeneration()), s.syncTime());
    }

    synchronized void disconnected(Instant now) {
        HostStatus s = status;
        status = new HostStatus(s.hostId(), HostStatus.Connection.DISCONNECTED, s.connectedSince(), Optional.of(now), s.agentVersion(),
                s.muxGuestEndpoint(), s.muxPartnerEndpoint(), s.health(), s.healthTime(), s.desiredGeneration(), s.appliedGeneration(),
                s.syncTime());
    }

    /** The next generation after both ours and what the host says it applied (so a restarted manager goes on upward). */
    synchronized long nextGeneration(long hostApplied) {
        return Math.max(status.desiredGeneration(), hostApplied) + 1;
    }

    /** Records a message sent: the new state, its generation, and the rules it changed. */
    synchronized void sent(HostState state, long generation, Set<String> changedRules) {
        sent = state;
        changedRules.forEach(rule -> ruleGenerations.put(rule, generation));
        HostStatus s = status;
        status = new HostStatus(s.hostId(), s.connection(), s.connectedSince(), s.lastSeen(), s.agentVersion(), s.muxGuestEndpoint(),
                s.muxPartnerEndpoint(), s.health(), s.healthTime(), generation, s.appliedGeneration(), s.syncTime());
    }

    synchronized void acked(long generation, Instant now) {
        HostStatus s = status;
        status = new HostStatus(s.hostId(), s.connection(), s.connectedSince(), Optional.of(now), s.agentVersion(), s.muxGuestEndpoint(),
                s.muxPartnerEndpoint(), s.health(), s.healthTime(), s.desiredGeneration(),
                Math.max(s.appliedGeneration(), Math.min(generation, s.desiredGeneration())), Optional.of(now));
    }

    synchronized void health(HostHealth health, Instant now) {
        HostStatus s = status;
        status = new HostStatus(s.hostId(), s.connection(), s.connectedSince(), Optional.of(now), s.agentVersion(), s.muxGuestEndpoint(),
                s.muxPartnerEndpoint(), Optional.of(health), Optional.of(now), s.desiredGeneration(), s.appliedGeneration(), s.syncTime());
    }

    /** The generation of the last message that changed {@code rulePath} on this host, if one did. */
    synchronized OptionalLong ruleGeneration(String rulePath) {
        Long generation = ruleGenerations.get(rulePath);
        return generation == null ? OptionalLong.empty() : OptionalLong.of(generation);
    }

    /** Every rule path ever sent to this host by this manager. */
    synchronized Set<String> rulesSent() {
        return Set.copyOf(ruleGenerations.keySet());
    }
}
