package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.Network;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDatacenterPersistenceTest {
    /** A file as the first lab release wrote it: no connection or maintenance state, no networks. */
    private static final String VERSION_ONE = """
            {"format":"interpose-lab-inventory","version":1,"compute_manager_id":"lab",
             "clusters":[{"id":"c1","display_name":"One"}],
             "hosts":[{"id":"h1","display_name":"esx-1","cluster_id":"c1","os_version":"8.0.2"}],
             "vms":[{"external_id":"v1","display_name":"web","host_id":"h1","computer_name":"","os_name":"","tags":[],"power_state":"SUSPENDED"}]}
            """;
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(LabInventoryFile.FILE_NAME);
    }

    private List<String> directoryListing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Inventory populate(LabDatacenter lab) {
        lab.addCluster("c1", "One");
        lab.addHost("h1", "esx-1", "c1");
        lab.addHost("h2", "esx-2", "", "7.0.3");
        var vm = lab.addVm(VmSpec.of("web-01", "h1", "web-01.lab", "Ubuntu 22.04 LTS", List.of(Tag.of("env", "prod"))));
        lab.addVm(VmSpec.of("db-01", "h2", "", "RHEL 9", List.of()));
        lab.migrateVm(vm.externalId(), "h2");
        lab.updateVmTags(vm.externalId(), List.of(Tag.of("", "quarantine")));
        return lab.snapshot();
    }

    @Test
    void reopeningTheDirectoryRestoresTheSameInventory() {
        Inventory before;
        try (var lab = LabDatacenter.open(dir)) {
            before = populate(lab);
        }

        try (var reopened = LabDatacenter.open(dir, LabInventoryGenerator::defaultLab)) {
            assertThat(reopened.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void theSeedIsAppliedOnlyToAnEmptyDirectory() {
        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            assertThat(lab.snapshot()).isEqualTo(LabInventoryGenerator.defaultLab());
            lab.removeVm(lab.snapshot().vms().get(0).externalId());
        }

        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            assertThat(lab.snapshot().vms()).hasSize(11);
        }
    }

    @Test
    void aNewDefaultLabHasTheManagementNetworkAndPool() {
        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            assertThat(lab.networks()).containsExactlyElementsOf(LabInventoryGenerator.defaultNetworks());
            assertThat(lab.allocate("mgmt-pool", "svm-1/nic0"))
                    .isEqualTo(new IpAllocation("mgmt-pool", "svm-1/nic0", "10.10.0.100", 24, "10.10.0.1"));
        }
    }

    @Test
    void aVersionOneFileLoadsAndGainsTheDefaultNetworksOnlyAsTheDefaultLab() throws IOException {
        Files.writeString(file(), VERSION_ONE);
        try (var lab = LabDatacenter.open(dir)) {
            assertThat(lab.snapshot().hosts()).containsExactly(new Host("h1", "esx-1", "c1", "8.0.2"));
            assertThat(lab.snapshot().vms()).extracting(v -> v.powerState().name()).containsExactly("SUSPENDED");
            assertThat(lab.networks()).isEmpty();
        }
        Files.writeString(file(), VERSION_ONE);

        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            assertThat(lab.snapshot().clusters()).extracting(Cluster::id).containsExactly("c1");
            assertThat(lab.networks()).extracting(Network::id).containsExactly("mgmt");
        }
        assertThat(Files.readString(file())).as("rewritten at once").contains("\"version\":2", "\"mgmt-pool\"");
    }

    @Test
    void aRemovedManagementNetworkStaysRemoved() {
        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            lab.removeNetwork("mgmt");
        }

        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            assertThat(lab.networks()).isEmpty();
        }
    }

    @Test
    void collidingStoredAllocationsAreRefused() throws IOException {
        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            lab.allocate("mgmt-pool", "a");
            lab.allocate("mgmt-pool", "b");
        }
        Files.writeString(file(), Files.readString(file()).replace("10.10.0.101", "10.10.0.100"));

        assertRefusedAsCorrupt("collides");
    }

    @Test
    void storedPoolsOutsideTheirNetworkAreRefused() throws IOException {
        LabDatacenter.openDefaultLab(dir).close();
        Files.writeString(file(), Files.readString(file()).replace("10.10.0.199", "10.10.1.199"));

        assertRefusedAsCorrupt("last_address");
    }

    @Test
    void theFileIsSnakeCaseJsonWithFormatAndVersion() throws IOException {
        try (var lab = LabDatacenter.open(dir)) {
            populate(lab);
        }

        assertThat(Files.readString(file())).contains("\"format\":\"interpose-lab-inventory\"", "\"version\":2",
                "\"compute_manager_id\":\"lab\"", "\"external_id\"", "\"cluster_id\"", "\"os_version\"",
                "\"power_state\":\"POWERED_ON\"");
    }

    @Test
    void writesLeaveNoTempFileBehind() throws IOException {
        try (var lab = LabDatacenter.open(dir)) {
            populate(lab);
            assertThat(directoryListing()).containsExactly(LabInventoryFile.FILE_NAME, LabInventoryFile.LOCK_NAME);
        }
    }

    @Test
    void aTempFileLeftByACrashIsDiscardedOnOpen() throws IOException {
        try (var lab = LabDatacenter.open(dir)) {
            lab.addCluster("c1", "One");
        }
        Files.writeString(dir.resolve(LabInventoryFile.TEMP_NAME), "{\"half\":");

        try (var lab = LabDatacenter.open(dir)) {
            assertThat(lab.snapshot().clusters()).extracting(Cluster::id).containsExactly("c1");
            assertThat(directoryListing()).doesNotContain(LabInventoryFile.TEMP_NAME);
        }
    }

    @Test
    void aFailedWriteChangesNothing() throws IOException {
        try (var lab = LabDatacenter.open(dir)) {
            lab.addCluster("c1", "One");
            var recorder = new RecordingListener();
            lab.watch(recorder);
            Files.createDirectory(dir.resolve(LabInventoryFile.TEMP_NAME));

            assertThatThrownBy(() -> lab.addCluster("c2", "Two"))
                    .isInstanceOf(LabStorageException.class).hasMessageContaining(file().toString());

            assertThat(lab.cluster("c2")).isEmpty();
            Cluster c3 = lab.addCluster("c3", "Three");
            assertThat(lab.snapshot().clusters()).extracting(Cluster::id).containsExactly("c1", "c3");
            await().untilAsserted(() -> assertThat(recorder.events())
                    .containsExactly(new ClusterUpserted(c3)));
        }
    }

    @Test
    void aSecondLabOnTheSameDirectoryIsRefused() {
        try (var lab = LabDatacenter.open(dir)) {
            assertThatThrownBy(() -> LabDatacenter.open(dir))
                    .isInstanceOf(LabStorageException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void aFileOfAnotherComputeManagerIsRefused() {
        LabDatacenter.open(dir).close();

        assertThatThrownBy(() -> LabDatacenter.open(dir, "vc-2", LabInventoryGenerator::defaultLab))
                .isInstanceOf(LabStorageException.class).hasMessageContaining("'lab'").hasMessageContaining("'vc-2'");
    }

    @Test
    void aTruncatedFileIsRefusedAndLeftAlone() throws IOException {
        try (var lab = LabDatacenter.openDefaultLab(dir)) {
            lab.addCluster("c2", "Two");
        }
        String whole = Files.readString(file());
        String truncated = whole.substring(0, whole.length() / 2);
        Files.writeString(file(), truncated);

        assertRefusedAsCorrupt("end-of-input");
        assertThat(Files.readString(file())).isEqualTo(truncated);
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Files.writeString(file(), "");

        assertRefusedAsCorrupt("end-of-input");
    }

    @Test
    void garbageIsRefusedWithItsPosition() throws IOException {
        Files.writeString(file(), "{\n  \"format\" : \"interpose-lab-inventory\",\n  \"version\" : %%%\n}");

        assertRefusedAsCorrupt("line 3");
    }

    @Test
    void trailingContentIsRefused() throws IOException {
        LabDatacenter.open(dir).close();
        Files.writeString(file(), Files.readString(file()) + "{}");

        assertRefusedAsCorrupt("Trailing token");
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws IOException {
        Files.writeString(file(), "{\"format\":\"interpose-lab-inventory\",\"version\":3,\"compute_manager_id\":\"lab\"}");

        assertRefusedAsCorrupt("version 3");
    }

    @Test
    void aFileWithoutTheFormatMarkerIsRefused() throws IOException {
        Files.writeString(file(), "{\"version\":1,\"compute_manager_id\":\"lab\"}");

        assertRefusedAsCorrupt("format");
    }

    @Test
    void danglingReferencesAreRefused() throws IOException {
        Files.writeString(file(), "{\"format\":\"interpose-lab-inventory\",\"version\":1,\"compute_manager_id\":\"lab\","
                + "\"hosts\":[{\"id\":\"h1\",\"cluster_id\":\"c9\"}],\"vms\":[{\"external_id\":\"v1\",\"host_id\":\"h9\"}]}");

        assertRefusedAsCorrupt("'c9'");
        assertRefusedAsCorrupt("'h9'");
    }

    @Test
    void aVmWithoutExternalIdIsRefused() throws IOException {
        Files.writeString(file(), "{\"format\":\"interpose-lab-inventory\",\"version\":1,\"compute_manager_id\":\"lab\","
                + "\"vms\":[{\"display_name\":\"x\"}]}");

        assertRefusedAsCorrupt("externalId");
    }

    private void assertRefusedAsCorrupt(String detail) {
        assertThatThrownBy(() -> LabDatacenter.open(dir, LabInventoryGenerator::defaultLab))
                .isInstanceOf(LabStorageException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("corrupt")
                .hasMessageContaining(detail);
    }

    @Test
    void anInconsistentSeedIsRefused() {
        var seed = new Inventory(List.of(), List.of(new Host("h1", "x", "c9", "")), List.of());

        assertThatThrownBy(() -> LabDatacenter.open(dir, () -> seed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed").hasMessageContaining("'c9'");
        assertThat(file()).doesNotExist();
    }

    @Test
    void aLargeInventorySurvivesAChangeAndAReopen() {
        Inventory changed;
        try (var lab = LabDatacenter.open(dir, () -> LabInventoryGenerator.scale(50_000, 1_000, 7))) {
            String first = lab.snapshot().vms().get(0).externalId();
            lab.updateVmTags(first, List.of(Tag.of("", "quarantine")));
            changed = lab.snapshot();
        }

        try (var lab = LabDatacenter.open(dir)) {
            assertThat(lab.snapshot()).isEqualTo(changed);
        }
    }
}
