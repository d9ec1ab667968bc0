package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.Inventory;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabInventoryGeneratorTest {
    private static final Inventory LARGE = LabInventoryGenerator.scale(50_000, 1_000, 42);

    @Test
    void defaultLabHasOneClusterThreeHostsAndFourVmsPerHost() {
        Inventory lab = LabInventoryGenerator.defaultLab();

        assertThat(lab.clusters()).hasSize(1);
        assertThat(lab.hosts()).hasSize(3).allSatisfy(h -> assertThat(h.clusterId()).isEqualTo(lab.clusters().get(0).id()));
        assertThat(lab.vms().stream().collect(Collectors.groupingBy(VirtualMachine::hostId, Collectors.counting())))
                .containsOnlyKeys("host-1", "host-2", "host-3").allSatisfy((host, count) -> assertThat(count).isEqualTo(4));
    }

    @Test
    void defaultLabVmsAreVaried() {
        var vms = LabInventoryGenerator.defaultLab().vms();

        assertThat(vms).extracting(VirtualMachine::displayName).doesNotHaveDuplicates().contains("web-01", "db-02", "win-app-01");
        assertThat(vms).extracting(VirtualMachine::computerName).doesNotHaveDuplicates().doesNotContain("");
        assertThat(vms.stream().map(VirtualMachine::osName).distinct()).hasSizeGreaterThanOrEqualTo(5)
                .anyMatch(os -> os.contains("Windows")).anyMatch(os -> os.contains("Ubuntu"));
        assertThat(vms).anyMatch(vm -> vm.tags().contains(Tag.of("env", "prod")))
                .anyMatch(vm -> vm.tags().contains(Tag.of("env", "dev")))
                .anyMatch(vm -> vm.tags().contains(Tag.of("app", "db")))
                .anyMatch(vm -> vm.tags().stream().anyMatch(t -> t.scope().isEmpty()))
                .anyMatch(vm -> vm.tags().isEmpty());
        assertThat(vms).extracting(VirtualMachine::externalId).doesNotHaveDuplicates().allSatisfy(UUID::fromString);
    }

    @Test
    void defaultLabIsDeterministicAndConsistent() {
        assertThat(LabInventoryGenerator.defaultLab()).isEqualTo(LabInventoryGenerator.defaultLab());
        assertThat(LabState.of(LabInventoryGenerator.defaultLab()).toInventory()).isEqualTo(LabInventoryGenerator.defaultLab());
    }

    @Test
    void scaleInventoryHasTheRequestedSizesAndOneClusterPerFiftyHosts() {
        assertThat(LARGE.vms()).hasSize(50_000);
        assertThat(LARGE.hosts()).hasSize(1_000);
        assertThat(LARGE.clusters()).hasSize(20);
        assertThat(LARGE.hosts().stream().collect(Collectors.groupingBy(Host::clusterId, Collectors.counting())))
                .hasSize(20).allSatisfy((cluster, hosts) -> assertThat(hosts).isEqualTo(50));
    }

    @Test
    void scaleInventoryIsConsistentWithUniqueIdsAndNames() {
        assertThat(LabState.of(LARGE).vms()).hasSize(50_000);
        assertThat(LARGE.vms().stream().map(VirtualMachine::displayName).distinct().count()).isEqualTo(50_000);
        assertThat(LARGE.vms().stream().map(VirtualMachine::hostId).distinct().count()).isGreaterThan(990);
    }

    @Test
    void sameSeedGivesTheSameInventoryAndAnotherSeedAnother() {
        Inventory again = LabInventoryGenerator.scale(50_000, 1_000, 42);
        Inventory other = LabInventoryGenerator.scale(50_000, 1_000, 43);

        assertThat(again).isEqualTo(LARGE);
        assertThat(other.vms()).isNotEqualTo(LARGE.vms());
    }

    @Test
    void tagsNamesAndOsesSelectSubsetsOfVariedSizes() {
        assertThat(share(vm -> vm.tags().contains(Tag.of("env", "prod")))).isBetween(0.45, 0.55);
        assertThat(share(vm -> vm.tags().contains(Tag.of("app", "web")))).isBetween(0.22, 0.28);
        assertThat(share(vm -> vm.tags().contains(Tag.of("", "pci")))).isBetween(0.02, 0.06);
        assertThat(share(vm -> vm.tags().contains(Tag.of("", "quarantine")))).isBetween(0.0005, 0.005);
        assertThat(share(vm -> vm.tags().stream().noneMatch(t -> t.scope().equals("env")))).isBetween(0.03, 0.07);
        assertThat(share(vm -> vm.displayName().startsWith("prod-web-"))).isBetween(0.10, 0.15);
        assertThat(share(vm -> vm.osName().contains("Windows"))).isBetween(0.20, 0.35);
        assertThat(LARGE.vms().stream().map(VirtualMachine::osName).distinct().count()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void teamTagsHaveALongTail() {
        Map<String, Long> perTeam = LARGE.vms().stream().flatMap(vm -> vm.tags().stream())
                .filter(t -> t.scope().equals("team")).collect(Collectors.groupingBy(Tag::tag, Collectors.counting()));

        assertThat(perTeam).hasSize(40);
        assertThat(perTeam.get("t01")).isGreaterThan(20 * perTeam.get("t40"));
    }

    private static double share(Predicate<VirtualMachine> matches) {
        return (double) LARGE.vms().stream().filter(matches).count() / LARGE.vms().size();
    }

    @Test
    void smallAndEmptyScalesWork() {
        assertThat(LabInventoryGenerator.scale(0, 0, 1).vms()).isEmpty();
        Inventory tiny = LabInventoryGenerator.scale(10, 3, 1);
        assertThat(tiny.clusters()).hasSize(1);
        assertThat(tiny.hosts()).hasSize(3);
        assertThat(tiny.vms()).hasSize(10);
    }

    @Test
    void impossibleScalesAreRefused() {
        assertThatThrownBy(() -> LabInventoryGenerator.scale(10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabInventoryGenerator.scale(-1, 3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabInventoryGenerator.scale(10, 3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
