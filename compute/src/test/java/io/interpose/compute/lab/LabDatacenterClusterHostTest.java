package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.UnknownObjectException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violation;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDatacenterClusterHostTest {
    @TempDir
    Path dir;

    private LabDatacenter lab;

    @BeforeEach
    void openEmptyLab() {
        lab = LabDatacenter.open(dir);
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    @Test
    void addedClusterIsInTheSnapshotAndReturned() {
        Cluster cluster = lab.addCluster("c1", "Cluster One");

        assertThat(cluster).isEqualTo(new Cluster("c1", "Cluster One"));
        assertThat(lab.snapshot().clusters()).containsExactly(cluster);
        assertThat(lab.cluster("c1")).contains(cluster);
    }

    @Test
    void duplicateClusterIdIsAConflict() {
        lab.addCluster("c1", "Cluster One");

        assertThatThrownBy(() -> lab.addCluster("c1", "Another"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'c1'").hasMessageContaining("already exists");
        assertThat(lab.snapshot().clusters()).extracting(Cluster::displayName).containsExactly("Cluster One");
    }

    @Test
    void blankNameAndMalformedIdAreBothReported() {
        assertThatThrownBy(() -> lab.addCluster("bad id/1", "  "))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("id", "display_name"));
        assertThat(lab.snapshot().clusters()).isEmpty();
    }

    @Test
    void tooLongNameIsRefused() {
        assertThatThrownBy(() -> lab.addCluster("c1", "x".repeat(256)))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("display_name");
    }

    @Test
    void emptyClusterCanBeRemoved() {
        lab.addCluster("c1", "Cluster One");

        lab.removeCluster("c1");

        assertThat(lab.snapshot().clusters()).isEmpty();
    }

    @Test
    void removingUnknownClusterNamesIt() {
        assertThatThrownBy(() -> lab.removeCluster("nope"))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("cluster").hasMessageContaining("'nope'");
    }

    @Test
    void clusterWithHostsCannotBeRemoved() {
        lab.addCluster("c1", "Cluster One");
        lab.addHost("h1", "esx-1", "c1");

        assertThatThrownBy(() -> lab.removeCluster("c1"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'c1'").hasMessageContaining("[h1]");
        assertThat(lab.cluster("c1")).isPresent();
    }

    @Test
    void hostInAClusterGetsTheDefaultVersion() {
        lab.addCluster("c1", "Cluster One");

        Host host = lab.addHost("h1", "esx-1", "c1");

        assertThat(host).isEqualTo(new Host("h1", "esx-1", "c1", LabDatacenter.DEFAULT_HOST_VERSION));
        assertThat(lab.snapshot().hosts()).containsExactly(host);
    }

    @Test
    void hostWithoutClusterIsStandalone() {
        Host host = lab.addHost("h1", "esx-1", "", "7.0.3");

        assertThat(host.clusterId()).isEmpty();
        assertThat(host.osVersion()).isEqualTo("7.0.3");
        assertThat(lab.addHost("h2", "esx-2", null).clusterId()).isEmpty();
    }

    @Test
    void hostInUnknownClusterIsRefused() {
        assertThatThrownBy(() -> lab.addHost("h1", "esx-1", "c9"))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("'c9'");
        assertThat(lab.snapshot().hosts()).isEmpty();
    }

    @Test
    void duplicateHostIdIsAConflict() {
        lab.addHost("h1", "esx-1", "");

        assertThatThrownBy(() -> lab.addHost("h1", "esx-1 again", ""))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'h1'");
    }

    @Test
    void hostWithBlankNameIsRefused() {
        assertThatThrownBy(() -> lab.addHost("h1", "", ""))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("display_name");
    }

    @Test
    void hostMovesBetweenClustersAndOutOfThem() {
        lab.addCluster("c1", "One");
        lab.addCluster("c2", "Two");
        lab.addHost("h1", "esx-1", "c1");

        assertThat(lab.moveHost("h1", "c2").clusterId()).isEqualTo("c2");
        assertThat(lab.moveHost("h1", "").clusterId()).isEmpty();
        assertThat(lab.host("h1")).map(Host::clusterId).contains("");
    }

    @Test
    void movingToUnknownClusterOrUnknownHostIsRefused() {
        lab.addHost("h1", "esx-1", "");

        assertThatThrownBy(() -> lab.moveHost("h1", "c9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'c9'");
        assertThatThrownBy(() -> lab.moveHost("h9", "")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThat(lab.host("h1")).map(Host::clusterId).contains("");
    }

    @Test
    void hostWithoutVmsCanBeRemoved() {
        lab.addHost("h1", "esx-1", "");

        lab.removeHost("h1");

        assertThat(lab.snapshot().hosts()).isEmpty();
    }

    @Test
    void hostWithVmsIsKeptUnlessForced() {
        lab.addHost("h1", "esx-1", "");
        lab.addHost("h2", "esx-2", "");
        var vm = lab.addVm(VmSpec.of("web-01", "h1", "", "", List.of()));
        var other = lab.addVm(VmSpec.of("web-02", "h2", "", "", List.of()));

        assertThatThrownBy(() -> lab.removeHost("h1"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'h1'").hasMessageContaining(vm.externalId());
        assertThat(lab.host("h1")).isPresent();

        lab.removeHost("h1", true);

        assertThat(lab.host("h1")).isEmpty();
        assertThat(lab.snapshot().vms()).containsExactly(other);
    }

    @Test
    void removingUnknownHostNamesIt() {
        assertThatThrownBy(() -> lab.removeHost("h9", true))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("host").hasMessageContaining("'h9'");
    }

    @Test
    void operationsAfterCloseAreRefused() {
        lab.close();

        assertThatThrownBy(() -> lab.addCluster("c1", "One")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> lab.watch(event -> { })).isInstanceOf(IllegalStateException.class);
    }
}
