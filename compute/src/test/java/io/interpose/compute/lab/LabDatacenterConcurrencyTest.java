package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.Inventory;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers hammer one lab with random operations on shared ids while a reader takes snapshots.
 * The inventory must stay consistent at every snapshot, the event stream must replay to the final
 * inventory (so it is a faithful, ordered record of the commits), and the file must hold it too.
 */
class LabDatacenterConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int OPS_PER_WRITER = 150;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersKeepTheInventoryEventsAndFileConsistent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try (var lab = LabDatacenter.open(dir)) {
            var recorder = new RecordingListener();
            lab.watch(recorder);
            var writing = new AtomicBoolean(true);
            List<String> inconsistencies = new CopyOnWriteArrayList<>();
            Future<?> reader = pool.submit(() -> readWhile(lab, writing, inconsistencies));

            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(writer(lab, new Random(w))));
            }
            int succeeded = 0;
            for (Future<Integer> writer : writers) {
                succeeded += writer.get();
            }
            writing.set(false);
            reader.get();

            Inventory last = lab.snapshot();
            lab.close();
            assertThat(succeeded).isGreaterThan(WRITERS * OPS_PER_WRITER / 4);
            assertThat(inconsistencies).isEmpty();
            assertThat(problems(last)).isEmpty();
            assertThat(new InventoryReplay(new Inventory(List.of(), List.of(), List.of())).apply(recorder.events()).inventory())
                    .isEqualTo(last);
            try (var reopened = LabDatacenter.open(dir)) {
                assertThat(reopened.snapshot()).isEqualTo(last);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Integer> writer(LabDatacenter lab, Random random) {
        return () -> {
            int succeeded = 0;
            for (int i = 0; i < OPS_PER_WRITER; i++) {
                try {
                    randomOperation(lab, random);
                    succeeded++;
                } catch (ConflictException | UnknownObjectException e) {
                    // Expected: writers race for the same ids.
                }
            }
            return succeeded;
        };
    }

    private static void randomOperation(LabDatacenter lab, Random random) {
        String cluster = "c" + random.nextInt(3);
        String host = "h" + random.nextInt(6);
        String vm = "v" + random.nextInt(12);
        switch (random.nextInt(10)) {
            case 0 -> lab.addCluster(cluster, "Cluster " + cluster);
            case 1 -> lab.removeCluster(cluster);
            case 2 -> lab.addHost(host, "esx " + host, random.nextBoolean() ? cluster : "");
            case 3 -> lab.moveHost(host, random.nextBoolean() ? cluster : "");
            case 4 -> lab.removeHost(host, random.nextInt(4) == 0);
            case 5, 6 -> lab.addVm(VmSpec.of("vm " + vm, host, "", "", List.of()).withExternalId(vm));
            case 7 -> lab.migrateVm(vm, host);
            case 8 -> lab.updateVmTags(vm, List.of(Tag.of("n", Integer.toString(random.nextInt(5)))));
            default -> lab.removeVm(vm);
        }
    }

    private static void readWhile(LabDatacenter lab, AtomicBoolean writing, List<String> inconsistencies) {
        while (writing.get()) {
            inconsistencies.addAll(problems(lab.snapshot()));
        }
    }

    private static List<String> problems(Inventory inventory) {
        Set<String> clusters = inventory.clusters().stream().map(Cluster::id).collect(Collectors.toSet());
        Set<String> hosts = inventory.hosts().stream().map(Host::id).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        inventory.hosts().stream().filter(h -> !h.clusterId().isEmpty() && !clusters.contains(h.clusterId()))
                .forEach(h -> problems.add("host " + h.id() + " in missing cluster " + h.clusterId()));
        inventory.vms().stream().filter(vm -> !hosts.contains(vm.hostId()))
                .forEach(vm -> problems.add("vm " + vm.externalId() + " on missing host " + vm.hostId()));
        return problems;
    }
}
