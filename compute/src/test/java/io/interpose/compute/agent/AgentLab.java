package io.interpose.compute.agent;

import io.interpose.model.inventory.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic world for agent manager tests: a fake compute manager, the simulated runtime, fake
 * packages and networks, a manual clock and scheduler. Nothing happens until {@link #settle()} or
 * {@link #advance}; everything then runs on the test's thread.
 */
final class AgentLab implements AutoCloseable {
    static final PackageSource PACKAGE = new PackageSource("file:/packages/epp-1.0", List.of("svm", "--serve"), 256);
    static final PackageSource PACKAGE_V2 = new PackageSource("file:/packages/epp-2.0", List.of("svm", "--serve"), 256);
    static final RestartBackoff BACKOFF =
            new RestartBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(16), Duration.ofSeconds(60));

    final Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FakeComputeManager compute = new FakeComputeManager();
    final SimulatedSvmRuntime runtime = new SimulatedSvmRuntime();
    final FakePackages packages = new FakePackages();
    final FakeNetworks networks = new FakeNetworks();
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    LabAgentManager manager;

    AgentLab(Path dir) {
        this.dir = dir;
    }

    AgentManagerSettings settings() {
        return AgentManagerSettings.defaults(scheduler).withClock(clock).withPackages(packages).withNetworks(networks)
                .withBackoff(BACKOFF).withResyncPeriod(Duration.ofMinutes(5));
    }

    /** Opens the agent manager and lets it settle. */
    AgentLab open() {
        manager = LabAgentManager.open(dir, compute, runtime, settings());
        manager.watch(events::add);
        settle();
        return this;
    }

    /** Simulates a crash of the agent manager (its service VMs keep running) and opens a new one. */
    AgentLab restart() {
        manager.abandon();
        return open();
    }

    /** Runs everything that is due now. */
    AgentLab settle() {
        scheduler.runDue();
        return this;
    }

    AgentLab advance(Duration duration) {
        scheduler.advance(duration);
        return this;
    }

    /** Cluster {@code c1} with hosts {@code h1}, {@code h2}; cluster {@code c2} with {@code h3}. */
    AgentLab twoClusters() {
        compute.cluster("c1").cluster("c2").host("h1", "c1").host("h2", "c1").host("h3", "c2");
        return this;
    }

    Agency deploy(String agencyId, String clusterId) {
        return deploy(agencyId, AgencyConfig.of("EPP " + agencyId, clusterId, PACKAGE));
    }

    Agency deploy(String agencyId, AgencyConfig config) {
        Agency agency = manager.createAgency(agencyId, config, GoalState.ENABLED);
        settle();
        return agency;
    }

    Agent agent(String agencyId, String hostId) {
        return manager.agent(agencyId, hostId).orElseThrow(() -> new AssertionError("no agent on " + hostId));
    }

    AgentPhase phase(String agencyId, String hostId) {
        return agent(agencyId, hostId).runtime().phase();
    }

    List<IssueType> issueTypes(String agencyId, String hostId) {
        return agent(agencyId, hostId).issues().stream().map(Issue::type).toList();
    }

    /** The running service VMs ({@code agency@host}), sorted. */
    List<String> running() {
        return runtime.running();
    }

    /** The service VMs there should be: one per available host of the agency's cluster. */
    List<String> expected(String agencyId, String clusterId) {
        return compute.hosts().stream().filter(h -> h.clusterId().equals(clusterId)).filter(Host::available)
                .map(h -> agencyId + "@" + h.id()).sorted().toList();
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
