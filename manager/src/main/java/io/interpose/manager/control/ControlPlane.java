package io.interpose.manager.control;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.agent.AgentEvent;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.HostHello;
import io.interpose.protocol.control.ManagerMessage;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected host agent's desired state current. A host that opens its Sync stream gets a
 * snapshot; from then on, whenever something that affects it changes (policy, through the realization
 * engine's change feed; VMs created, removed, moved, renamed or re-tagged; SVM agents; services), it
 * gets a delta from the state it was last sent. Changes mark hosts dirty; one thread computes and sends,
 * so messages of one host are ordered and generations increase by one per message. A periodic resync
 * recomputes every connected host (level-triggered: an event that was missed costs at most one period).
 *
 * <p>Generations are kept in memory: after a manager restart the first snapshot to a host gets the
 * generation after the one the host says it applied, so they keep increasing for a host that kept its
 * state. Sending to a stream that has failed closes that session; the host reconnects.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private final DesiredStates states;
    private final InventoryView inventory;
    private final RealizationEngine engine;
    private final MuxEndpoints muxEndpoints;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, HostLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

    /** An open Sync stream of one host. */
    record Session(String hostId, StreamObserver<ManagerMessage> out) {}

    ControlPlane(DesiredStates states, InventoryView inventory, RealizationEngine engine, MuxEndpoints muxEndpoints, Clock clock,
            ScheduledExecutorService executor) {
        this.states = states;
        this.muxEndpoints = muxEndpoints;
        this.inventory = inventory;
        this.engine = engine;
        this.clock = clock;
        this.executor = executor;
    }

    /** Starts following changes: realization every {@code poll}, a full recompute every {@code resync}. */
    ControlPlane start(io.interpose.compute.agent.AgentManager agents, Duration poll, Duration resync) {
        inventory.addListener(this::onInventory);
        subscriptions.add(agents.watch(this::onAgent));
        executor.scheduleWithFixedDelay(this::drainRealization, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::resyncAll, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** What the manager knows of a host (unknown if it never connected to this manager). */
    public HostStatus status(String hostId) {
        return Optional.ofNullable(ledgers.get(hostId)).map(HostLedger::status).orElseGet(() -> HostStatus.unknown(hostId));
    }

    Optional<HostLedger> ledger(String hostId) {
        return Optional.ofNullable(ledgers.get(hostId));
    }

    /** A host opened its stream: replaces any older session of it and sends a snapshot. */
    void open(Session session, HostHello hello) {
        executor.execute(() -> {
            Session previous = sessions.put(session.hostId(), session);
            if (previous != null && previous != session) {
                previous.out().onError(io.grpc.Status.ABORTED.withDescription("replaced by a newer Sync stream of the same host")
                        .asRuntimeException());
            }
            HostLedger ledger = ledgers.computeIfAbsent(session.hostId(), HostLedger::new);
            ledger.connected(hello, clock.instant());
            recordMuxEndpoint(session.hostId(), hello.getMuxPartnerEndpoint());
            HostState state = states.compute(List.of(session.hostId())).get(session.hostId());
            long generation = ledger.nextGeneration(hello.getAppliedGeneration());
            DesiredState snapshot = state.snapshot(session.hostId(), generation);
            if (send(session, ManagerMessage.newBuilder().setSnapshot(snapshot).build())) {
                ledger.sent(state, generation, state.rulePaths());
                LOG.info("Host {}: snapshot generation {} ({} VMs, {} endpoints)", session.hostId(), generation,
                        snapshot.getVmsCount(), snapshot.getEndpointsCount());
            }
        });
    }

    private void recordMuxEndpoint(String hostId, String endpoint) {
        try {
            muxEndpoints.reported(hostId, endpoint);
        } catch (RuntimeException e) {
            LOG.warn("Host {}: cannot record its MUX endpoint {}: {}", hostId, endpoint, e.getMessage());
        }
    }

    /** The stream of {@code session} ended; the host is disconnected unless a newer stream replaced it. */
    void closed(Session session) {
        if (sessions.remove(session.hostId(), session)) {
            ledger(session.hostId()).ifPresent(l -> l.disconnected(clock.instant()));
            LOG.info("Host {}: control stream closed", session.hostId());
        }
    }

    void acked(String hostId, long generation) {
        ledger(hostId).ifPresent(l -> l.acked(generation, clock.instant()));
    }

    void health(String hostId, HostHealth health) {
        ledger(hostId).ifPresent(l -> l.health(health, clock.instant()));
    }

    /** A service definition changed (its name or failure policy may reach every host): recompute them all. */
    public void servicesChanged() {
        resyncAll();
    }

    /** Marks hosts for recomputation soon. */
    void markDirty(Set<String> hostIds) {
        if (dirty.addAll(hostIds)) {
            executor.execute(this::pushDirty);
        }
    }

    private void resyncAll() {
        markDirty(Set.copyOf(sessions.keySet()));
    }

    private void drainRealization() {
        Set<String> vms = engine.drainChangedVms();
        if (vms.isEmpty()) {
            return;
        }
        Set<String> hosts = new HashSet<>();
        vms.forEach(id -> inventory.vm(id).map(vm -> vm.hostId()).ifPresent(hosts::add));
        ledgers.forEach((host, ledger) -> {
            if (vms.stream().anyMatch(ledger.sent().vms()::containsKey)) {
                hosts.add(host);
            }
        });
        markDirty(hosts);
    }

    private void pushDirty() {
        Set<String> hosts = new HashSet<>(dirty);
        dirty.removeAll(hosts);
        hosts.retainAll(sessions.keySet());
        if (hosts.isEmpty()) {
            return;
        }
        states.compute(hosts).forEach(this::push);
    }

    private void push(String hostId, HostState state) {
        Session session = sessions.get(hostId);
        HostLedger ledger = ledgers.get(hostId);
        if (session == null || ledger == null) {
            return;
        }
        HostState before = ledger.sent();
        long base = ledger.status().desiredGeneration();
        Optional<DesiredStateDelta> delta = state.deltaFrom(before, base, base + 1);
        if (delta.isPresent() && send(session, ManagerMessage.newBuilder().setDelta(delta.get()).build())) {
            ledger.sent(state, base + 1, state.rulesChangedFrom(before));
            LOG.debug("Host {}: delta generation {}", hostId, base + 1);
        }
    }

    private boolean send(Session session, ManagerMessage message) {
        try {
            session.out().onNext(message);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Host {}: cannot send on the control stream ({}); closing it", session.hostId(), e.toString());
            closed(session);
            return false;
        }
    }

    private void onInventory(InventoryEvent event) {
        Set<String> hosts = new HashSet<>();
        if (event instanceof InventoryEvent.VmUpserted e) {
            Optional.ofNullable(e.vm().hostId()).ifPresent(hosts::add);
            hostsHolding(e.vm().externalId(), hosts);
        } else if (event instanceof InventoryEvent.VmRemoved e) {
            hostsHolding(e.externalId(), hosts);
        } else if (event instanceof InventoryEvent.HostUpserted e) {
            hosts.add(e.host().id());
        }
        markDirty(hosts);
    }

    private void hostsHolding(String vmId, Set<String> hosts) {
        ledgers.forEach((host, ledger) -> {
            if (ledger.sent().vms().containsKey(vmId)) {
                hosts.add(host);
            }
        });
    }

    private void onAgent(AgentEvent event) {
        if (event instanceof AgentEvent.AgentUpdated e) {
            markDirty(Set.of(e.agent().hostId()));
        } else if (event instanceof AgentEvent.AgentRemoved e) {
            markDirty(Set.of(e.hostId()));
        } else {
            resyncAll();
        }
    }

    /** Closes every open stream (the hosts reconnect to the next manager) and stops following changes. */
    @Override
    public void close() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("cannot stop watching the agent manager", e);
            }
        }
        sessions.values().forEach(s -> {
            try {
                s.out().onError(io.grpc.Status.UNAVAILABLE.withDescription("the manager is shutting down").asRuntimeException());
            } catch (RuntimeException e) {
                LOG.debug("stream of host {} already closed", s.hostId());
            }
        });
        sessions.clear();
    }
}
