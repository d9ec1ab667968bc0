package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.PoolExhaustedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random allocate/release sequences from a five-address pool, with more owners than addresses: an
 * owner keeps its address until it releases it, no two owners ever hold one address, every address
 * is in the pool, and the pool is exhausted exactly when all five are held.
 */
class LabNetworksAllocationPropertyTest {
    private static final long FIRST = Ipv4.parse("10.10.0.100").orElseThrow();

    record Step(boolean allocate, String owner) {}

    @Property(tries = 200)
    void allocationsNeverCollideAndOwnersKeepTheirAddress(@ForAll("steps") List<Step> steps) {
        LabNetworks networks = LabNetworks.of(LabInventoryGenerator.defaultNetworks(), List.of())
                .addPool(new io.interpose.compute.Networks.IpPool("small", "mgmt", "10.10.0.20", "10.10.0.24"));
        Map<String, String> held = new HashMap<>();
        for (Step step : steps) {
            networks = step.allocate() ? allocate(networks, step.owner(), held) : release(networks, step.owner(), held);
            List<IpAllocation> all = networks.allocations("small");
            assertThat(all).extracting(IpAllocation::address).doesNotHaveDuplicates();
            assertThat(all).extracting(IpAllocation::owner).containsExactlyInAnyOrderElementsOf(held.keySet());
            all.forEach(a -> assertThat(a.address()).isEqualTo(held.get(a.owner())));
            assertThat(all).allSatisfy(a -> assertThat(Ipv4.parse(a.address()).orElseThrow()).isBetween(FIRST - 80, FIRST - 76));
        }
        assertThat(LabNetworks.of(networks.list(), networks.allAllocations()).allocations("small"))
                .as("what is stored reads back the same").isEqualTo(networks.allocations("small"));
    }

    private static LabNetworks allocate(LabNetworks networks, String owner, Map<String, String> held) {
        try {
            LabNetworks next = networks.allocate("small", owner);
            String address = next.allocation("small", owner).orElseThrow().address();
            assertThat(held.getOrDefault(owner, address)).as("same owner, same address").isEqualTo(address);
            held.put(owner, address);
            return next;
        } catch (PoolExhaustedException e) {
            assertThat(held).as("exhausted only when full and the owner holds nothing").hasSize(5).doesNotContainKey(owner);
            return networks;
        }
    }

    private static LabNetworks release(LabNetworks networks, String owner, Map<String, String> held) {
        LabNetworks next = networks.release("small", owner);
        assertThat(next == networks).as("release of an owner without address changes nothing").isEqualTo(!held.containsKey(owner));
        held.remove(owner);
        return next;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(3, true), net.jqwik.api.Tuple.of(1, false)),
                Arbitraries.of("a", "b", "c", "d", "e", "f", "g")).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }
}
