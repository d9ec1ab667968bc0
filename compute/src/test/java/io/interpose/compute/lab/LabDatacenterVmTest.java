package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.UnknownObjectException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Tag;
import io.interpose.model.Violation;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDatacenterVmTest {
    private static final List<Tag> PROD_WEB = List.of(Tag.of("env", "prod"), Tag.of("app", "web"));

    @TempDir
    Path dir;

    private LabDatacenter lab;

    @BeforeEach
    void openLabWithTwoHosts() {
        lab = LabDatacenter.open(dir);
        lab.addCluster("c1", "Cluster One");
        lab.addHost("h1", "esx-1", "c1");
        lab.addHost("h2", "esx-2", "c1");
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private VirtualMachine web01() {
        return lab.addVm(VmSpec.of("web-01", "h1", "web-01.lab.local", "Ubuntu 22.04 LTS", PROD_WEB));
    }

    @Test
    void vmWithoutExternalIdGetsAGeneratedUuid() {
        VirtualMachine vm = web01();

        assertThat(UUID.fromString(vm.externalId())).isNotNull();
        assertThat(vm).isEqualTo(new VirtualMachine(vm.externalId(), "web-01", "h1", "web-01.lab.local",
                "Ubuntu 22.04 LTS", PROD_WEB, PowerState.POWERED_ON));
        assertThat(lab.vm(vm.externalId())).contains(vm);
    }

    @Test
    void generatedIdsDiffer() {
        assertThat(web01().externalId()).isNotEqualTo(web01().externalId());
    }

    @Test
    void vmKeepsTheExternalIdItWasGiven() {
        var spec = new VmSpec("4211-abcd", "db-01", "h2", "", "RHEL 9", List.of(), PowerState.POWERED_OFF);

        VirtualMachine vm = lab.addVm(spec);

        assertThat(vm.externalId()).isEqualTo("4211-abcd");
        assertThat(vm.powerState()).isEqualTo(PowerState.POWERED_OFF);
    }

    @Test
    void duplicateExternalIdIsAConflict() {
        lab.addVm(VmSpec.of("db-01", "h1", "", "", List.of()).withExternalId("vm-1"));

        assertThatThrownBy(() -> lab.addVm(VmSpec.of("db-02", "h1", "", "", List.of()).withExternalId("vm-1")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'vm-1'");
        assertThat(lab.snapshot().vms()).extracting(VirtualMachine::displayName).containsExactly("db-01");
    }

    @Test
    void vmOnUnknownHostIsRefused() {
        assertThatThrownBy(() -> lab.addVm(VmSpec.of("web-01", "h9", "", "", List.of())))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThat(lab.snapshot().vms()).isEmpty();
    }

    @Test
    void everyBadVmFieldIsReportedAtOnce() {
        var spec = new VmSpec("bad id", " ", "", "c".repeat(256), "", Arrays.asList(Tag.of("", ""), null), null);

        assertThatThrownBy(() -> lab.addVm(spec))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("external_id", "display_name", "host_id", "computer_name", "tags[0]", "tags[1]"));
        assertThat(lab.snapshot().vms()).isEmpty();
    }

    @Test
    void moreThanThirtyTagsAreRefused() {
        List<Tag> tags = IntStream.range(0, 31).mapToObj(i -> Tag.of("n", "t" + i)).toList();

        assertThatThrownBy(() -> lab.addVm(VmSpec.of("web-01", "h1", "", "", tags)))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("tags").hasMessageContaining("30");
    }

    @Test
    void removedVmIsGone() {
        VirtualMachine vm = web01();

        lab.removeVm(vm.externalId());

        assertThat(lab.vm(vm.externalId())).isEmpty();
        assertThat(lab.snapshot().vms()).isEmpty();
    }

    @Test
    void removingUnknownVmNamesIt() {
        assertThatThrownBy(() -> lab.removeVm("vm-9"))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("VM").hasMessageContaining("'vm-9'");
    }

    @Test
    void renamedVmKeepsEverythingElse() {
        VirtualMachine vm = web01();

        VirtualMachine renamed = lab.renameVm(vm.externalId(), "web-01-new");

        assertThat(renamed).isEqualTo(vm.withDisplayName("web-01-new"));
        assertThat(lab.vm(vm.externalId())).contains(renamed);
    }

    @Test
    void renameToBlankOrOfUnknownVmIsRefused() {
        VirtualMachine vm = web01();

        assertThatThrownBy(() -> lab.renameVm(vm.externalId(), "")).isInstanceOf(InvalidResourceException.class);
        assertThatThrownBy(() -> lab.renameVm("vm-9", "x")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::displayName).contains("web-01");
    }

    @Test
    void tagsAreReplacedWithoutDuplicates() {
        VirtualMachine vm = web01();
        var quarantine = Tag.of("", "quarantine");

        lab.updateVmTags(vm.externalId(), List.of(quarantine, Tag.of("env", "dev"), quarantine));

        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::tags).contains(List.of(quarantine, Tag.of("env", "dev")));
        lab.updateVmTags(vm.externalId(), null);
        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::tags).contains(List.of());
    }

    @Test
    void taggingUnknownVmOrWithBadTagsIsRefused() {
        VirtualMachine vm = web01();

        assertThatThrownBy(() -> lab.updateVmTags("vm-9", List.of())).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
        assertThatThrownBy(() -> lab.updateVmTags(vm.externalId(), List.of(Tag.of("s".repeat(129), "x"))))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("tags[0].scope");
        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::tags).contains(PROD_WEB);
    }

    @Test
    void migratedVmRunsOnTheTargetHost() {
        VirtualMachine vm = web01();

        VirtualMachine moved = lab.migrateVm(vm.externalId(), "h2");

        assertThat(moved).isEqualTo(vm.withHost("h2"));
        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::hostId).contains("h2");
    }

    @Test
    void migrationToUnknownHostOrOfUnknownVmIsRefused() {
        VirtualMachine vm = web01();

        assertThatThrownBy(() -> lab.migrateVm(vm.externalId(), "h9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThatThrownBy(() -> lab.migrateVm("vm-9", "h2")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::hostId).contains("h1");
    }

    @Test
    void vmsFollowTheirHostToAnotherCluster() {
        VirtualMachine vm = web01();
        lab.addCluster("c2", "Cluster Two");

        lab.moveHost("h1", "c2");

        assertThat(lab.vm(vm.externalId())).map(VirtualMachine::hostId).contains("h1");
        assertThat(lab.host("h1").orElseThrow().clusterId()).isEqualTo("c2");
    }

    @Test
    void lookupsOfUnknownIdsAreEmpty() {
        assertThat(lab.vm("vm-9")).isEmpty();
        assertThat(lab.host("h9")).isEmpty();
        assertThat(lab.cluster("c9")).isEmpty();
    }
}
