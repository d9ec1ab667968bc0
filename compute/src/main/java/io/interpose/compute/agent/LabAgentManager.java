package io.interpose.compute.agent;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.HostPowerOnGate;
import io.interpose.compute.InventoryEvent;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.Violations;
import io.interpose.model.inventory.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's agent manager: keeps exactly one service VM per (agency, host) on every available host of
 * each agency's cluster, following a {@link ComputeManager} (watch, then snapshot). Work is done by
 * level-triggered reconcile passes, one per agency at a time, on the given executor: triggered by
 * inventory changes, API calls and service VM events, retried after backoff, and resynchronised
 * periodically. See the module README for every rule.
 *
 * <p>Agencies are stored in {@code agent-manager.json} in its directory. On open, the runtime stops
 * every service VM an earlier run left (they are not adopted) and each agency is redeployed, so there
 * are never two service VMs for one agency and host.
 *
 * <p>It is also the lab hypervisor's {@link HostPowerOnGate}: a host's workloads wait until every
 * enabled agency covering the host has a ready service VM there.
 *
 * <p>Failures: see {@link AgentManager}; {@link AgentStorageException} when the file cannot be read or
 * written (the change is then not made) or the directory is used by another agent manager.
 */
public final class LabAgentManager implements AgentManager, HostPowerOnGate, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabAgentManager.class);
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(30);

    private final AgentTable table;
    private final AgencyFile file;
    private final SvmRuntime runtime;
    private final ComputeManager compute;
    private final AgentManagerSettings settings;
    private final AgentFanout fanout;
    private final ReconcileQueue queue;
    private AutoCloseable subscription;
    private ScheduledFuture<?> resync;

    private LabAgentManager(AgencyFile file, ComputeManager compute, SvmRuntime runtime, AgentManagerSettings settings) {
        this.file = file;
        this.compute = compute;
        this.runtime = runtime;
        this.settings = settings;
        this.fanout = new AgentFanout(settings.executor());
        this.table = new AgentTable(file, settings.clock(), fanout);
        var reconciler = new AgencyReconciler(table, runtime, settings.packages(), new AgentEnvironment(settings.networks()),
                settings.backoff(), settings.clock(), this::trigger);
        this.queue = new ReconcileQueue(settings.executor(), reconciler::reconcile);
    }

    /**
     * Opens the agent manager stored in {@code directory} (created if needed), stops the service VMs an
     * earlier run left, follows {@code compute}, and starts reconciling every stored agency.
     *
     * @throws AgentStorageException if the stored file is corrupt or another agent manager uses the directory
     */
    public static LabAgentManager open(Path directory, ComputeManager compute, SvmRuntime runtime, AgentManagerSettings settings) {
        AgencyFile file = AgencyFile.open(directory);
        try {
            var manager = new LabAgentManager(file, compute, runtime, settings);
            List<String> reaped = runtime.reapStale();
            if (!reaped.isEmpty()) {
                LOG.info("stopped {} service VMs left by an earlier run (they will be redeployed): {}", reaped.size(), reaped);
            }
            manager.start();
            return manager;
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void start() {
        table.locked(() -> {
            subscription = compute.watch(this::onInventory);
            compute.snapshot().hosts().forEach(host -> table.hosts.put(host.id(), host));
        });
        agencyIds().forEach(this::trigger);
        long period = settings.resyncPeriod().toNanos();
        resync = settings.executor().scheduleWithFixedDelay(() -> agencyIds().forEach(this::trigger), period, period,
                TimeUnit.NANOSECONDS);
    }

    private List<String> agencyIds() {
        return table.locked(() -> List.copyOf(table.agencies.keySet()));
    }

    private void trigger(String agencyId) {
        queue.trigger(agencyId);
    }

    private void onInventory(InventoryEvent event) {
        Set<String> affected = table.locked(() -> {
            Set<String> clusters = applyInventory(event);
            table.changed.signalAll();
            return table.agencies.values().stream().filter(a -> clusters.contains(a.config.clusterId()))
                    .map(a -> a.id).collect(Collectors.toSet());
        });
        affected.forEach(this::trigger);
    }

    /** Applies a host or cluster change; returns the clusters it concerns. */
    private Set<String> applyInventory(InventoryEvent event) {
        if (event instanceof InventoryEvent.HostUpserted e) {
            Host before = table.hosts.put(e.host().id(), e.host());
            return Stream.of(e.host(), before).filter(Objects::nonNull).map(Host::clusterId).collect(Collectors.toSet());
        }
        if (event instanceof InventoryEvent.HostRemoved e) {
            Host before = table.hosts.remove(e.hostId());
            return before == null ? Set.of() : Set.of(before.clusterId());
        }
        if (event instanceof InventoryEvent.ClusterUpserted e) {
            return Set.of(e.cluster().id());
        }
        if (event instanceof InventoryEvent.ClusterRemoved e) {
            return Set.of(e.clusterId());
        }
        return Set.of();
    }

    @Override
    public Agency createAgency(String agencyId, AgencyConfig config, GoalState goalState) {
        var v = new Violations().required(config, "config").required(goalState, "goal_state");
        ConfigRules.id(v, "id", agencyId);
        v.throwIfAny("agency");
        Agency created = table.locked(() -> {
            table.checkOpen();
            if (table.agencies.containsKey(agencyId)) {
                throw new AgencyExistsException("agency '" + agencyId + "' already exists"
                        + (table.agencies.get(agencyId).removing ? " (it is being removed)" : ""));
            }
            var agency = new AgencyState(agencyId, config, goalState);
            table.agencies.put(agencyId, agency);
            commit(() -> table.agencies.remove(agencyId));
            return published(agency);
        });
        trigger(agencyId);
        return created;
    }

    @Override
    public Agency updateAgency(String agencyId, AgencyConfig config) {
        Objects.requireNonNull(config, "config");
        return change(agencyId, agency -> {
            AgencyConfig before = agency.config;
            agency.config = config;
            if (config.hostProperties() == HostProperties.NONE) {
                agency.recordedHostProperties.clear();
            }
            return () -> agency.config = before;
        });
    }

    @Override
    public Agency setGoalState(String agencyId, GoalState goalState) {
        Objects.requireNonNull(goalState, "goalState");
        return change(agencyId, agency -> {
            GoalState before = agency.goal;
            agency.goal = goalState;
            return () -> agency.goal = before;
        });
    }

    @Override
    public void destroyAgency(String agencyId) {
        table.locked(() -> {
            table.checkOpen();
            AgencyState agency = table.agency(agencyId);
            if (agency.removing) {
                return;
            }
            GoalState before = agency.goal;
            agency.removing = true;
            agency.goal = GoalState.UNINSTALLED;
            commit(() -> {
                agency.removing = false;
                agency.goal = before;
            });
            table.publish(agencyId);
        });
        trigger(agencyId);
    }

    /**
     * A change to an existing agency that is not being removed; {@code change} returns its undo. Waiting
     * deployments are retried at once under the new configuration.
     */
    private Agency change(String agencyId, Function<AgencyState, Runnable> change) {
        Agency changed = table.locked(() -> {
            table.checkOpen();
            AgencyState agency = table.agency(agencyId);
            if (agency.removing) {
                throw new IllegalStateException("agency '" + agencyId + "' is being removed");
            }
            commit(change.apply(agency));
            agency.agents.values().forEach(agent -> agent.notBefore = Instant.EPOCH);
            return published(agency);
        });
        trigger(agencyId);
        return changed;
    }

    /** Stores the agencies; if that fails, undoes the change and rethrows. */
    private void commit(Runnable undo) {
        try {
            table.persist();
        } catch (AgentStorageException e) {
            undo.run();
            throw e;
        }
    }

    private Agency published(AgencyState agency) {
        table.publish(agency.id);
        return table.view(agency);
    }

    @Override
    public List<Agency> agencies() {
        return table.locked(() -> table.agencies.values().stream().map(table::view).toList());
    }

    @Override
    public Optional<Agency> agency(String agencyId) {
        return table.locked(() -> Optional.ofNullable(table.agencies.get(agencyId)).map(table::view));
    }

    @Override
    public List<Agent> agents(String agencyId) {
        return table.locked(() -> table.agentViews(table.agency(agencyId)));
    }

    @Override
    public Optional<Agent> agent(String agencyId, String hostId) {
        return table.locked(() -> {
            AgencyState agency = table.agency(agencyId);
            return Optional.ofNullable(agency.agents.get(hostId)).map(agent -> table.view(agency, agent));
        });
    }

    @Override
    public Optional<Agent> agentBySvm(String svmId) {
        return table.locked(() -> table.agencies.values().stream()
                .flatMap(agency -> agency.agents.values().stream().filter(agent -> agent.svmId.equals(svmId))
                        .map(agent -> table.view(agency, agent)))
                .findFirst());
    }

    @Override
    public List<Issue> issues(String agencyId) {
        return agents(agencyId).stream().flatMap(agent -> agent.issues().stream())
                .sorted(Comparator.comparingInt(Issue::key)).toList();
    }

    @Override
    public List<Integer> resolve(String agencyId, Collection<Integer> issueKeys) {
        Set<Integer> keys = Set.copyOf(issueKeys);
        List<Integer> resolved = table.locked(() -> {
            table.checkOpen();
            List<Integer> found = new ArrayList<>();
            for (AgentState agent : table.agency(agencyId).agents.values()) {
                boolean any = agent.issues.values().removeIf(issue -> keys.contains(issue.key()) && found.add(issue.key()));
                if (any) {
                    agent.notBefore = Instant.EPOCH;
                }
            }
            table.publish(agencyId);
            return found.stream().sorted().toList();
        });
        trigger(agencyId);
        return resolved;
    }

    @Override
    public List<Integer> resolveAll(String agencyId) {
        return resolve(agencyId, issues(agencyId).stream().map(Issue::key).toList());
    }

    @Override
    public void powerOff(String svmId) {
        throw refused(svmId, "power_off", "cannot be powered off: a service VM runs while its host is available"
                + " (set the agency's goal state to DISABLED or UNINSTALLED to stop its service VMs)");
    }

    @Override
    public void suspend(String svmId) {
        throw refused(svmId, "suspend", "cannot be suspended: a service VM runs while its host is available"
                + " (set the agency's goal state to DISABLED or UNINSTALLED to stop its service VMs)");
    }

    @Override
    public void migrate(String svmId, String targetHostId) {
        throw refused(svmId, "migrate", "cannot be migrated to host " + targetHostId + ": a service VM is pinned to"
                + " its host (every host of the cluster gets its own)");
    }

    private AgentOperationRefusedException refused(String svmId, String operation, String why) {
        Agent agent = agentBySvm(svmId).orElseThrow(() -> new UnknownObjectException("no service VM '" + svmId + "'"));
        return new AgentOperationRefusedException(svmId, operation,
                "service VM " + svmId + " of agency " + agent.agencyId() + " on host " + agent.hostId() + " " + why);
    }

    @Override
    public AutoCloseable watch(AgentListener listener) {
        return fanout.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * True if the host's workloads may be powered on: every enabled agency whose cluster holds the host
     * has a ready service VM there (a host in no such agency's cluster, or unknown, is ready).
     */
    public boolean ready(String hostId) {
        return table.locked(() -> readyLocked(hostId));
    }

    private boolean readyLocked(String hostId) {
        Host host = table.hosts.get(hostId);
        return host == null || table.agencies.values().stream()
                .filter(a -> !a.removing && a.goal == GoalState.ENABLED && a.config.clusterId().equals(host.clusterId()))
                .allMatch(a -> Optional.ofNullable(a.agents.get(hostId)).map(AgentState::ready).orElse(false));
    }

    @Override
    public boolean awaitReady(String hostId, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        table.lock.lockInterruptibly();
        try {
            while (!readyLocked(hostId)) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = table.changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            table.lock.unlock();
        }
    }

    /** Stops reconciling, stops every service VM, releases the directory. Idempotent. */
    @Override
    public void close() {
        shutDown(true);
    }

    /**
     * Stops reconciling and releases the directory but leaves service VMs running, as if this process had
     * died: the next agent manager opened on the directory must find and stop them. For crash tests; pair
     * it with {@link ProcessSvmRuntime#abandon()} (its {@code close()} would stop them).
     */
    void abandon() {
        shutDown(false);
    }

    private void shutDown(boolean stopServiceVms) {
        boolean first = table.locked(() -> {
            boolean wasOpen = !table.closed;
            table.closed = true;
            return wasOpen;
        });
        if (!first) {
            return;
        }
        closeQuietly(subscription);
        resync.cancel(false);
        queue.close(CLOSE_PATIENCE);
        if (stopServiceVms) {
            List<Launch> launches = table.locked(() -> table.agencies.values().stream()
                    .flatMap(a -> a.agents.values().stream()).map(agent -> agent.launch).filter(Objects::nonNull)
                    .peek(Launch::stopping).toList());
            launches.forEach(launch -> launch.svm().filter(RunningSvm::alive).ifPresent(RunningSvm::stop));
        }
        file.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("cannot stop following the inventory", e);
        }
    }
}
