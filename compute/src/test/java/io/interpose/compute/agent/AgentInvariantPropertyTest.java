package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.Host.MaintenanceMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of hosts joining, leaving, entering and leaving maintenance mode, disconnecting,
 * service VM crashes, goal state changes and agent manager crashes: there are never two service VMs for
 * one agency and host, and once things calm down there is exactly one ready service VM per available
 * host of each enabled agency's cluster.
 */
class AgentInvariantPropertyTest {
    private static final List<String> HOSTS = List.of("h0", "h1", "h2", "h3", "h4", "h5");
    private static final List<String> CLUSTERS = List.of("c1", "c2", "");

    enum Kind { JOIN, LEAVE, REMOVE, MAINTENANCE, CONNECTION, CRASH, GOAL, RESTART, ADVANCE, SETTLE }

    record Op(Kind kind, String host, int choice) {}

    @Property(tries = 150)
    void neverTwoServiceVmsPerAgencyAndHostAndEventuallyOnePerAvailableHost(@ForAll("operations") @Size(max = 60) List<Op> ops)
            throws IOException {
        Path dir = Files.createTempDirectory("agent-invariant");
        var lab = new AgentLab(dir);
        try {
            lab.compute.cluster("c1").cluster("c2").host("h0", "c1").host("h1", "c1").host("h2", "c2");
            lab.open();
            lab.deploy("a1", "c1");
            lab.deploy("a2", "c2");
            for (Op op : ops) {
                apply(lab, op);
                assertThat(lab.runtime.violations()).as("after %s", op).isEmpty();
            }
            for (int i = 0; i < 4; i++) {
                lab.advance(AgentLab.BACKOFF.max());
            }
            assertConverged(lab);
        } finally {
            lab.close();
            delete(dir);
        }
    }

    private static void apply(AgentLab lab, Op op) {
        Host host = lab.compute.get(op.host());
        switch (op.kind()) {
            case JOIN -> lab.compute.host(op.host(), CLUSTERS.get(op.choice() % 2));
            case LEAVE -> {
                if (host != null) {
                    lab.compute.move(op.host(), CLUSTERS.get(op.choice() % CLUSTERS.size()));
                }
            }
            case REMOVE -> {
                if (host != null) {
                    lab.compute.remove(op.host());
                }
            }
            case MAINTENANCE -> {
                if (host != null) {
                    lab.compute.maintenance(op.host(), MaintenanceMode.values()[op.choice() % 4]);
                }
            }
            case CONNECTION -> {
                if (host != null) {
                    lab.compute.connection(op.host(), ConnectionState.values()[op.choice() % 2]);
                }
            }
            case CRASH -> lab.runtime.crash((op.choice() % 2 == 0 ? "a1@" : "a2@") + op.host());
            case GOAL -> lab.manager.setGoalState("a2", op.choice() % 2 == 0 ? GoalState.ENABLED : GoalState.DISABLED);
            case RESTART -> lab.restart();
            case ADVANCE -> lab.advance(Duration.ofMillis(op.choice() * 250L));
            case SETTLE -> lab.settle();
        }
    }

    private static void assertConverged(AgentLab lab) {
        boolean a2Enabled = lab.manager.agency("a2").orElseThrow().goalState() == GoalState.ENABLED;
        List<String> required = new ArrayList<>(lab.expected("a1", "c1"));
        List<String> allowed = new ArrayList<>(required);
        allowed.addAll(entering(lab, "a1", "c1"));
        if (a2Enabled) {
            required.addAll(lab.expected("a2", "c2"));
            allowed.addAll(lab.expected("a2", "c2"));
            allowed.addAll(entering(lab, "a2", "c2"));
        }
        assertThat(lab.running()).as("one per available host").containsAll(required)
                .as("a host entering maintenance mode keeps its service VM until it is in").isSubsetOf(allowed);
        for (String agencyId : List.of("a1", "a2")) {
            String cluster = agencyId.equals("a1") ? "c1" : "c2";
            assertThat(lab.manager.agents(agencyId)).extracting(Agent::hostId).containsExactlyInAnyOrderElementsOf(
                    lab.compute.hosts().stream().filter(h -> h.clusterId().equals(cluster)).map(Host::id).toList());
        }
        assertThat(lab.manager.agents("a1")).filteredOn(agent -> lab.compute.get(agent.hostId()).available())
                .allSatisfy(agent -> assertThat(agent.runtime().phase()).isEqualTo(AgentPhase.READY));
    }

    private static List<String> entering(AgentLab lab, String agencyId, String clusterId) {
        return lab.compute.hosts().stream().filter(h -> h.clusterId().equals(clusterId))
                .filter(h -> h.connectionState() == ConnectionState.CONNECTED && h.maintenanceMode() == MaintenanceMode.ENTERING)
                .map(h -> agencyId + "@" + h.id()).toList();
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(Kind.JOIN)), Tuple.of(2, Arbitraries.just(Kind.LEAVE)),
                        Tuple.of(1, Arbitraries.just(Kind.REMOVE)), Tuple.of(3, Arbitraries.just(Kind.MAINTENANCE)),
                        Tuple.of(2, Arbitraries.just(Kind.CONNECTION)), Tuple.of(4, Arbitraries.just(Kind.CRASH)),
                        Tuple.of(1, Arbitraries.just(Kind.GOAL)), Tuple.of(1, Arbitraries.just(Kind.RESTART)),
                        Tuple.of(3, Arbitraries.just(Kind.ADVANCE)), Tuple.of(3, Arbitraries.just(Kind.SETTLE))),
                Arbitraries.of(HOSTS), Arbitraries.integers().between(0, 40)).as(Op::new);
        return op.list();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
