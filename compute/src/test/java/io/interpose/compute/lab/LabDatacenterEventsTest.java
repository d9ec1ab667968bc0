package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryEvent.ClusterRemoved;
import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.InventoryEvent.HostRemoved;
import io.interpose.compute.InventoryEvent.HostUpserted;
import io.interpose.compute.InventoryEvent.VmRemoved;
import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDatacenterEventsTest {
    @TempDir
    Path dir;

    private LabDatacenter lab;
    private final RecordingListener recorder = new RecordingListener();

    @BeforeEach
    void openWatchedLab() {
        lab = LabDatacenter.open(dir);
        lab.watch(recorder);
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private void awaitEvents(InventoryEvent... expected) {
        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(expected));
    }

    @Test
    void everyOperationEmitsItsEventsInOrder() {
        Cluster c1 = lab.addCluster("c1", "One");
        Cluster c2 = lab.addCluster("c2", "Two");
        Host h1 = lab.addHost("h1", "esx-1", "c1");
        Host moved = lab.moveHost("h1", "c2");
        VirtualMachine vm = lab.addVm(VmSpec.of("web-01", "h1", "", "", List.of()).withExternalId("vm-1"));
        VirtualMachine renamed = lab.renameVm("vm-1", "web-01b");
        lab.updateVmTags("vm-1", List.of(Tag.of("env", "prod")));
        Host h2 = lab.addHost("h2", "esx-2", "");
        VirtualMachine migrated = lab.migrateVm("vm-1", "h2");
        lab.removeVm("vm-1");
        lab.removeHost("h1");
        lab.removeCluster("c1");

        awaitEvents(new ClusterUpserted(c1), new ClusterUpserted(c2), new HostUpserted(h1), new HostUpserted(moved),
                new VmUpserted(vm), new VmUpserted(renamed),
                new VmUpserted(renamed.withTags(List.of(Tag.of("env", "prod")))), new HostUpserted(h2),
                new VmUpserted(migrated), new VmRemoved("vm-1"), new HostRemoved("h1"), new ClusterRemoved("c1"));
    }

    @Test
    void forcedHostRemovalReportsItsVmsBeforeTheHost() {
        lab.addHost("h1", "esx-1", "");
        lab.addVm(VmSpec.of("a", "h1", "", "", List.of()).withExternalId("vm-a"));
        lab.addVm(VmSpec.of("b", "h1", "", "", List.of()).withExternalId("vm-b"));

        lab.removeHost("h1", true);

        await().untilAsserted(() -> assertThat(recorder.events()).hasSize(6).endsWith(
                new VmRemoved("vm-a"), new VmRemoved("vm-b"), new HostRemoved("h1")));
    }

    @Test
    void refusedAndNoOpOperationsEmitNothing() {
        Host h1 = lab.addHost("h1", "esx-1", "");
        VirtualMachine vm = lab.addVm(VmSpec.of("a", "h1", "", "", List.of(Tag.of("env", "dev"))));

        lab.moveHost("h1", "");
        lab.migrateVm(vm.externalId(), "h1");
        lab.renameVm(vm.externalId(), "a");
        lab.updateVmTags(vm.externalId(), List.of(Tag.of("env", "dev")));
        assertThatThrownBy(() -> lab.addHost("h1", "again", "")).isInstanceOf(ConflictException.class);
        Cluster marker = lab.addCluster("marker", "Marker");

        awaitEvents(new HostUpserted(h1), new VmUpserted(vm), new ClusterUpserted(marker));
    }

    @Test
    void listenersAreCalledOnOneDedicatedThread() {
        lab.addCluster("c1", "One");
        lab.addCluster("c2", "Two");

        await().until(() -> recorder.events().size() == 2);
        assertThat(recorder.threads()).singleElement().asString().startsWith("lab-datacenter-lab-events")
                .isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aChangeIsOnDiskBeforeListenersHearOfIt() {
        List<Boolean> onDisk = new CopyOnWriteArrayList<>();
        lab.watch(event -> onDisk.add(fileText().contains("\"display_name\":\"Durable\"")));

        lab.addCluster("c1", "Durable");

        await().untilAsserted(() -> assertThat(onDisk).containsExactly(true));
    }

    private String fileText() {
        try {
            return Files.readString(lab.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void closedSubscriptionReceivesNoMoreEvents() throws Exception {
        var late = new RecordingListener();
        AutoCloseable subscription = lab.watch(late);
        Cluster c1 = lab.addCluster("c1", "One");
        await().until(() -> late.events().size() == 1);

        subscription.close();
        Cluster c2 = lab.addCluster("c2", "Two");

        awaitEvents(new ClusterUpserted(c1), new ClusterUpserted(c2));
        assertThat(late.events()).containsExactly(new ClusterUpserted(c1));
    }

    @Test
    void aListenerSeesOnlyChangesAfterItsRegistration() {
        lab.addCluster("c1", "One");
        var late = new RecordingListener();
        lab.watch(late);

        Cluster c2 = lab.addCluster("c2", "Two");

        awaitEvents(new ClusterUpserted(lab.cluster("c1").orElseThrow()), new ClusterUpserted(c2));
        assertThat(late.events()).containsExactly(new ClusterUpserted(c2));
    }

    @Test
    void aFailingListenerDoesNotStopDelivery() {
        lab.watch(event -> {
            throw new IllegalStateException("listener bug");
        });

        Cluster c1 = lab.addCluster("c1", "One");
        Cluster c2 = lab.addCluster("c2", "Two");

        awaitEvents(new ClusterUpserted(c1), new ClusterUpserted(c2));
    }

    @Test
    void aBlockedListenerDoesNotBlockAdminCalls() {
        var release = new CountDownLatch(1);
        lab.watch(event -> awaitQuietly(release));

        for (int i = 0; i < 50; i++) {
            lab.addCluster("c" + i, "Cluster " + i);
        }

        assertThat(lab.snapshot().clusters()).hasSize(50);
        assertThat(recorder.events()).hasSizeLessThan(50);
        release.countDown();
        await().until(() -> recorder.events().size() == 50);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aListenerMayChangeTheLabFromItsCallback() {
        lab.watch(event -> {
            if (event instanceof ClusterUpserted e && e.cluster().id().equals("c1")) {
                lab.addHost("h1", "esx-1", "c1");
            }
        });

        Cluster c1 = lab.addCluster("c1", "One");

        await().until(() -> recorder.events().size() == 2);
        assertThat(recorder.events()).containsExactly(new ClusterUpserted(c1), new HostUpserted(lab.host("h1").orElseThrow()));
    }

    @Test
    void closingTheLabDeliversWhatWasCommitted() {
        for (int i = 0; i < 20; i++) {
            lab.addCluster("c" + i, "Cluster " + i);
        }

        lab.close();

        assertThat(recorder.events()).hasSize(20);
    }
}
