package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.IpPool;
import io.interpose.compute.Networks.Network;
import io.interpose.compute.Networks.PoolExhaustedException;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks and IP pools: validation, refusals, allocation rules and durability. */
class LabDatacenterNetworksTest {
    @TempDir
    Path dir;

    private LabDatacenter lab;

    @BeforeEach
    void openLabWithADataNetwork() {
        lab = LabDatacenter.open(dir);
        lab.addNetwork("data", "Data", "192.168.10.0/24", "192.168.10.1");
        lab.addPool("data-a", "data", "192.168.10.10", "192.168.10.12");
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private static List<String> fields(Throwable e) {
        return ((InvalidResourceException) e).violations().stream().map(Violation::field).toList();
    }

    @Test
    void aNetworkListsItsPools() {
        IpPool b = lab.addPool("data-b", "data", "192.168.10.100", "192.168.10.200");

        assertThat(b).isEqualTo(new IpPool("data-b", "data", "192.168.10.100", "192.168.10.200"));
        assertThat(lab.network("data")).contains(new Network("data", "Data", "192.168.10.0/24", "192.168.10.1",
                List.of(new IpPool("data-a", "data", "192.168.10.10", "192.168.10.12"), b)));
        assertThat(lab.networks()).extracting(Network::id).containsExactly("data");
        assertThat(lab.pool("data-b")).contains(b);
        assertThat(lab.network("nope")).isEmpty();
    }

    @Test
    void aNetworkWithoutGatewayIsAllowed() {
        assertThat(lab.addNetwork("isolated", "Isolated", "172.16.0.0/16", null).gateway()).isEmpty();
        lab.addPool("iso", "isolated", "172.16.0.1", "172.16.0.1");

        assertThat(lab.allocate("iso", "x").gateway()).isEmpty();
    }

    @Test
    void everyBadNetworkFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> lab.addNetwork("bad id", " ", "10.0.0.0/33", "10.0.0"))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(fields(e))
                        .containsExactlyInAnyOrder("id", "display_name", "cidr", "gateway"));
        assertThat(lab.networks()).hasSize(1);
    }

    @Test
    void aCidrWithHostBitsNamesTheSubnet() {
        assertThatThrownBy(() -> lab.addNetwork("n", "N", "10.10.0.5/24", ""))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("10.10.0.0/24");
    }

    @Test
    void theGatewayMustBeAHostOfTheSubnet() {
        assertThatThrownBy(() -> lab.addNetwork("n", "N", "10.10.0.0/24", "10.10.1.1"))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("gateway");
        assertThatThrownBy(() -> lab.addNetwork("n", "N", "10.10.0.0/24", "10.10.0.255"))
                .as("broadcast").isInstanceOf(InvalidResourceException.class).hasMessageContaining("gateway");
    }

    @Test
    void takenNetworkIdIsAConflict() {
        assertThatThrownBy(() -> lab.addNetwork("data", "Again", "10.0.0.0/8", ""))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'data'");
    }

    @Test
    void aPoolMustLieInsideItsNetworkInOrderAndAvoidTheGateway() {
        assertThatThrownBy(() -> lab.addPool("p", "data", "192.168.11.10", "192.168.10.0"))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(fields(e))
                        .containsExactly("last_address"));
        assertThatThrownBy(() -> lab.addPool("p", "data", "192.168.9.250", "192.168.10.5"))
                .hasMessageContaining("192.168.10.0/24")
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(fields(e)).containsOnly("first_address"));
        assertThatThrownBy(() -> lab.addPool("p", "data", "192.168.10.200", "192.168.10.255"))
                .as("broadcast address").isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(fields(e))
                        .containsExactly("last_address"));
        assertThatThrownBy(() -> lab.addPool("p", "data", "192.168.10.1", "192.168.10.5"))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("gateway 192.168.10.1");
        assertThatThrownBy(() -> lab.addPool("", "data", "x", ""))
                .isInstanceOfSatisfying(InvalidResourceException.class, e -> assertThat(fields(e))
                        .containsExactlyInAnyOrder("id", "first_address", "last_address"));
        assertThat(lab.network("data").orElseThrow().pools()).hasSize(1);
    }

    @Test
    void poolsOfANetworkMustNotOverlap() {
        assertThatThrownBy(() -> lab.addPool("p", "data", "192.168.10.12", "192.168.10.20"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'data-a'").hasMessageContaining("192.168.10.10-192.168.10.12");
        assertThat(lab.addPool("p", "data", "192.168.10.13", "192.168.10.20").firstAddress()).isEqualTo("192.168.10.13");
    }

    @Test
    void poolIdsAreUniqueAcrossNetworksAndPoolsNeedAKnownNetwork() {
        lab.addNetwork("other", "Other", "10.0.0.0/8", "");

        assertThatThrownBy(() -> lab.addPool("data-a", "other", "10.0.0.10", "10.0.0.20"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'data-a'");
        assertThatThrownBy(() -> lab.addPool("p", "nope", "10.0.0.10", "10.0.0.20"))
                .isInstanceOf(UnknownObjectException.class).hasMessageContaining("'nope'");
    }

    @Test
    void anOwnerKeepsItsAddressAndOwnersNeverShareOne() {
        IpAllocation first = lab.allocate("data-a", "dep-1/h1/nic0");
        IpAllocation second = lab.allocate("data-a", "dep-1/h2/nic0");

        assertThat(first).isEqualTo(new IpAllocation("data-a", "dep-1/h1/nic0", "192.168.10.10", 24, "192.168.10.1"));
        assertThat(second.address()).isEqualTo("192.168.10.11");
        assertThat(lab.allocate("data-a", "dep-1/h1/nic0")).isEqualTo(first);
        assertThat(lab.allocations("data-a")).containsExactly(first, second);
    }

    @Test
    void aFullPoolIsExhaustedUntilAnAddressIsReleasedAndThenReusesIt() {
        lab.allocate("data-a", "a");
        IpAllocation b = lab.allocate("data-a", "b");
        lab.allocate("data-a", "c");

        assertThatThrownBy(() -> lab.allocate("data-a", "d"))
                .isInstanceOf(PoolExhaustedException.class).hasMessageContaining("'data-a'").hasMessageContaining("3");
        assertThat(lab.release("data-a", "b")).isTrue();
        assertThat(lab.release("data-a", "b")).isFalse();
        assertThat(lab.allocate("data-a", "d").address()).isEqualTo(b.address());
    }

    @Test
    void releasingWhatWasNeverAllocatedIsFalse() {
        assertThat(lab.release("data-a", "nobody")).isFalse();
        assertThat(lab.release("no-pool", "nobody")).isFalse();
        assertThat(lab.release("data-a", null)).isFalse();
    }

    @Test
    void allocationNeedsAKnownPoolAndAnOwner() {
        assertThatThrownBy(() -> lab.allocate("no-pool", "a")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'no-pool'");
        assertThatThrownBy(() -> lab.allocate("data-a", " ")).isInstanceOf(InvalidResourceException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> lab.allocations("no-pool")).isInstanceOf(UnknownObjectException.class);
    }

    @Test
    void poolsAndNetworksInUseCannotBeRemoved() {
        lab.allocate("data-a", "a");

        assertThatThrownBy(() -> lab.removePool("data-a")).isInstanceOf(ConflictException.class).hasMessageContaining("allocated");
        assertThatThrownBy(() -> lab.removeNetwork("data")).isInstanceOf(ConflictException.class).hasMessageContaining("data-a");
        lab.release("data-a", "a");
        lab.removePool("data-a");
        assertThat(lab.pool("data-a")).isEmpty();
        lab.addPool("data-b", "data", "192.168.10.10", "192.168.10.12");
        lab.removeNetwork("data");
        assertThat(lab.networks()).isEmpty();
        assertThat(lab.pool("data-b")).as("pools go with their network").isEmpty();
    }

    @Test
    void removingUnknownNetworksOrPoolsNamesThem() {
        assertThatThrownBy(() -> lab.removeNetwork("nope")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> lab.removePool("nope")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'nope'");
    }

    @Test
    void networksPoolsAndAllocationsSurviveAReopen() {
        IpAllocation a = lab.allocate("data-a", "a");
        lab.allocate("data-a", "b");
        lab.release("data-a", "b");
        lab.close();

        lab = LabDatacenter.open(dir);

        assertThat(lab.allocations("data-a")).containsExactly(a);
        assertThat(lab.allocate("data-a", "a")).isEqualTo(a);
        assertThat(lab.allocate("data-a", "c").address()).isEqualTo("192.168.10.11");
        assertThat(lab.network("data").orElseThrow().pools()).extracting(IpPool::id).containsExactly("data-a");
    }

    @Test
    void networkChangesEmitNoInventoryEvents() {
        var recorder = new RecordingListener();
        lab.watch(recorder);

        lab.allocate("data-a", "a");
        lab.addNetwork("n2", "N2", "10.0.0.0/8", "");
        var marker = lab.addCluster("marker", "Marker");

        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(new ClusterUpserted(marker)));
    }
}
