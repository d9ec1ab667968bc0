package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * Random sequences of admin operations, drawn from small id pools so that duplicates, unknown ids and
 * objects in use come up often, give the same outcome (success or the same refusal) and the same
 * inventory on the lab as on {@link ReferenceLab}; and the directory reopens to that inventory.
 */
class LabDatacenterModelTest {

    /** One admin operation, applicable to the real lab and to the reference. */
    sealed interface Op {
        void on(LabDatacenter lab);

        void on(ReferenceLab model);
    }

    record AddCluster(String id, String name) implements Op {
        public void on(LabDatacenter lab) { lab.addCluster(id, name); }
        public void on(ReferenceLab model) { model.addCluster(id, name); }
    }

    record RemoveCluster(String id) implements Op {
        public void on(LabDatacenter lab) { lab.removeCluster(id); }
        public void on(ReferenceLab model) { model.removeCluster(id); }
    }

    record AddHost(String id, String name, String clusterId) implements Op {
        public void on(LabDatacenter lab) { lab.addHost(id, name, clusterId); }
        public void on(ReferenceLab model) { model.addHost(id, name, clusterId); }
    }

    record MoveHost(String id, String clusterId) implements Op {
        public void on(LabDatacenter lab) { lab.moveHost(id, clusterId); }
        public void on(ReferenceLab model) { model.moveHost(id, clusterId); }
    }

    record RemoveHost(String id, boolean force) implements Op {
        public void on(LabDatacenter lab) { lab.removeHost(id, force); }
        public void on(ReferenceLab model) { model.removeHost(id, force); }
    }

    record AddVm(String id, String name, String hostId, List<Tag> tags) implements Op {
        public void on(LabDatacenter lab) { lab.addVm(VmSpec.of(name, hostId, "", "", tags).withExternalId(id)); }
        public void on(ReferenceLab model) { model.addVm(id, name, hostId, tags); }
    }

    record RemoveVm(String id) implements Op {
        public void on(LabDatacenter lab) { lab.removeVm(id); }
        public void on(ReferenceLab model) { model.removeVm(id); }
    }

    record RenameVm(String id, String name) implements Op {
        public void on(LabDatacenter lab) { lab.renameVm(id, name); }
        public void on(ReferenceLab model) { model.renameVm(id, name); }
    }

    record TagVm(String id, List<Tag> tags) implements Op {
        public void on(LabDatacenter lab) { lab.updateVmTags(id, tags); }
        public void on(ReferenceLab model) { model.updateVmTags(id, tags); }
    }

    record MigrateVm(String id, String hostId) implements Op {
        public void on(LabDatacenter lab) { lab.migrateVm(id, hostId); }
        public void on(ReferenceLab model) { model.migrateVm(id, hostId); }
    }

    @Property(tries = 60)
    void theLabBehavesLikeTheReferenceAndReopensToTheSameInventory(@ForAll("operations") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("lab-model");
        try {
            var model = new ReferenceLab();
            try (var lab = LabDatacenter.open(dir)) {
                for (Op op : ops) {
                    String outcome = outcome(() -> op.on(lab));
                    Statistics.collect(op.getClass().getSimpleName(), outcome);
                    assertThat(outcome).as("outcome of %s", op).isEqualTo(outcome(() -> op.on(model)));
                }
                assertThat(lab.snapshot()).isEqualTo(model.inventory());
            }
            try (var reopened = LabDatacenter.open(dir)) {
                assertThat(reopened.snapshot()).isEqualTo(model.inventory());
            }
        } finally {
            deleteTree(dir);
        }
        Statistics.coverage(this::interestingCasesHappen);
    }

    /** Guards the generator: the cases worth checking must actually come up. */
    private void interestingCasesHappen(StatisticsCoverage coverage) {
        Stream.of(List.of("AddVm", "ok"), List.of("MigrateVm", "ok"), List.of("TagVm", "ok"), List.of("RenameVm", "ok"),
                        List.of("RemoveHost", "ok"), List.of("RemoveHost", "ConflictException"), List.of("MoveHost", "ok"),
                        List.of("RemoveCluster", "ok"), List.of("RemoveCluster", "ConflictException"),
                        List.of("AddVm", "ConflictException"), List.of("AddVm", "InvalidResourceException"))
                .forEach(c -> coverage.check(c.toArray()).count((Integer n) -> n >= 5));
    }

    private static String outcome(Runnable action) {
        try {
            action.run();
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> clusters = Arbitraries.of("c1", "c2");
        Arbitrary<String> clusterOrNone = Arbitraries.of("c1", "c2", "");
        Arbitrary<String> hosts = Arbitraries.of("h1", "h2", "h3");
        Arbitrary<String> vms = Arbitraries.of("v1", "v2", "v3", "v4", "v5", "v6");
        Arbitrary<String> names = Arbitraries.frequency(Tuple.of(10, "alpha"), Tuple.of(10, "beta"), Tuple.of(1, ""), Tuple.of(1, " "));
        Arbitrary<List<Tag>> tags = Arbitraries.of(Tag.of("env", "prod"), Tag.of("env", "dev"), Tag.of("", "pci"))
                .list().ofMaxSize(4);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(clusters, names).as(AddCluster::new)),
                Tuple.of(2, clusters.map(RemoveCluster::new)),
                Tuple.of(4, Combinators.combine(hosts, names, clusterOrNone).as(AddHost::new)),
                Tuple.of(2, Combinators.combine(hosts, clusterOrNone).as(MoveHost::new)),
                Tuple.of(2, Combinators.combine(hosts, Arbitraries.of(true, false)).as(RemoveHost::new)),
                Tuple.of(8, Combinators.combine(vms, names, hosts, tags).as(AddVm::new)),
                Tuple.of(2, vms.map(RemoveVm::new)),
                Tuple.of(2, Combinators.combine(vms, names).as(RenameVm::new)),
                Tuple.of(2, Combinators.combine(vms, tags).as(TagVm::new)),
                Tuple.of(2, Combinators.combine(vms, hosts).as(MigrateVm::new)));
        return op.list().ofMinSize(10).ofMaxSize(60).map(LabDatacenterModelTest::afterSetup);
    }

    /** Starts every sequence from a small populated lab, so that random operations find objects to act on. */
    private static List<Op> afterSetup(List<Op> random) {
        List<Op> setup = List.of(new AddCluster("c1", "alpha"), new AddCluster("c2", "beta"),
                new AddHost("h1", "alpha", "c1"), new AddHost("h2", "beta", "c1"), new AddHost("h3", "alpha", ""),
                new AddVm("v1", "alpha", "h1", List.of()), new AddVm("v2", "beta", "h2", List.of(Tag.of("env", "prod"))));
        return Stream.concat(setup.stream(), random.stream()).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
