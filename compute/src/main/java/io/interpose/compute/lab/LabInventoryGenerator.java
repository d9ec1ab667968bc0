package io.interpose.compute.lab;

import io.interpose.compute.Inventory;
import io.interpose.compute.Networks.IpPool;
import io.interpose.compute.Networks.Network;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Inventories to start a lab with. Both are deterministic: the same arguments give the same inventory,
 * external ids included. Use them as the seed of {@link LabDatacenter#open(java.nio.file.Path,
 * java.util.function.Supplier)}, which applies a seed only when the directory has no inventory yet.
 */
public final class LabInventoryGenerator {
    /** Hosts per cluster when {@link #scale(int, int, long)} chooses the cluster count. */
    public static final int HOSTS_PER_CLUSTER = 50;

    private LabInventoryGenerator() {}

    /**
     * The default lab: one cluster, three hosts, four workload VMs per host with varied names, OS
     * names, computer names and tags (scopes {@code env} and {@code app}, some tags without scope,
     * one VM without tags).
     */
    public static Inventory defaultLab() {
        var cluster = new Cluster("cluster-1", "Lab Cluster");
        List<Host> hosts = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> new Host("host-" + i, "esx-0" + i + ".lab.local", cluster.id(), LabDatacenter.DEFAULT_HOST_VERSION))
                .toList();
        List<VirtualMachine> vms = List.of(
                labVm("web-01", 1, "Ubuntu 22.04 LTS", Tag.of("env", "prod"), Tag.of("app", "web")),
                labVm("db-01", 1, "Red Hat Enterprise Linux 9", Tag.of("env", "prod"), Tag.of("app", "db")),
                labVm("win-app-01", 1, "Microsoft Windows Server 2022", Tag.of("env", "prod"), Tag.of("app", "erp")),
                labVm("dev-box-01", 1, "Debian GNU/Linux 12", Tag.of("env", "dev"), Tag.of("", "sandbox")),
                labVm("web-02", 2, "Ubuntu 22.04 LTS", Tag.of("env", "dev"), Tag.of("app", "web")),
                labVm("db-02", 2, "Red Hat Enterprise Linux 9", Tag.of("env", "dev"), Tag.of("app", "db")),
                labVm("win-app-02", 2, "Microsoft Windows Server 2019", Tag.of("env", "dev"), Tag.of("app", "erp")),
                labVm("jump-01", 2, "Debian GNU/Linux 12"),
                labVm("web-03", 3, "Ubuntu 20.04 LTS", Tag.of("env", "prod"), Tag.of("app", "web"), Tag.of("", "pci")),
                labVm("db-03", 3, "Red Hat Enterprise Linux 8", Tag.of("env", "prod"), Tag.of("app", "db"), Tag.of("", "pci")),
                labVm("win-dc-01", 3, "Microsoft Windows Server 2022", Tag.of("", "infra")),
                labVm("build-01", 3, "Rocky Linux 9", Tag.of("env", "dev"), Tag.of("app", "ci")));
        return new Inventory(List.of(cluster), hosts, vms);
    }

    /**
     * The networks of a new default lab: the management network {@code mgmt} (10.10.0.0/24, gateway
     * 10.10.0.1) with the pool {@code mgmt-pool} (10.10.0.100-10.10.0.199) for service VM NICs.
     */
    public static List<Network> defaultNetworks() {
        return List.of(new Network("mgmt", "Management", "10.10.0.0/24", "10.10.0.1",
                List.of(new IpPool("mgmt-pool", "mgmt", "10.10.0.100", "10.10.0.199"))));
    }

    private static VirtualMachine labVm(String name, int host, String osName, Tag... tags) {
        String computerName = osName.contains("Windows") ? name.toUpperCase() : name + ".lab.local";
        return new VirtualMachine(uuid("interpose-lab/" + name), name, "host-" + host, computerName, osName,
                List.of(tags), PowerState.POWERED_ON);
    }

    /** {@link #scale(int, int, int, long)} with one cluster per {@value #HOSTS_PER_CLUSTER} hosts. */
    public static Inventory scale(int vms, int hosts, long seed) {
        return scale(vms, hosts, Math.max(1, hosts / HOSTS_PER_CLUSTER), seed);
    }

    /**
     * A large inventory for benchmarks, such as 50,000 VMs on 1,000 hosts in 20 clusters. Hosts are
     * split evenly over the clusters; VMs are spread at random over the hosts. VM roles (web, db,
     * Windows application servers, desktops ...), OS names and tags ({@code env}, {@code app},
     * {@code tier}, {@code team}, and unscoped {@code pci}, {@code legacy}, {@code quarantine}) follow
     * skewed distributions, so that groups by tag, name or OS select subsets of very different sizes.
     *
     * @throws IllegalArgumentException if a count is negative, or there are VMs but no hosts, or hosts
     *     but no clusters
     */
    public static Inventory scale(int vms, int hosts, int clusters, long seed) {
        if (vms < 0 || hosts < 0 || clusters < 0 || (vms > 0 && hosts == 0) || (hosts > 0 && clusters == 0)) {
            throw new IllegalArgumentException("cannot place " + vms + " VMs on " + hosts + " hosts in " + clusters + " clusters");
        }
        var random = new Random(seed);
        List<Cluster> clusterList = IntStream.rangeClosed(1, clusters)
                .mapToObj(i -> new Cluster(String.format("cluster-%02d", i), String.format("Cluster %02d", i)))
                .toList();
        List<Host> hostList = IntStream.range(0, hosts)
                .mapToObj(i -> scaleHost(i, clusterList.get((int) ((long) i * clusters / hosts)), random))
                .toList();
        var names = new ScaleWorkloads(random);
        List<VirtualMachine> vmList = new ArrayList<>(vms);
        for (int i = 0; i < vms; i++) {
            String hostId = hostList.get(random.nextInt(hosts)).id();
            vmList.add(names.next(uuid("interpose-scale/" + seed + "/" + i), hostId));
        }
        return new Inventory(clusterList, hostList, vmList);
    }

    private static Host scaleHost(int index, Cluster cluster, Random random) {
        String id = String.format("host-%04d", index + 1);
        String version = ScaleWorkloads.HOST_VERSIONS.pick(random);
        return new Host(id, String.format("esx-%04d.dc.example.com", index + 1), cluster.id(), version);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
