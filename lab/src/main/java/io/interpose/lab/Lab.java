package io.interpose.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.agent.LabAgents;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.guest.simulated.GuestStatus;
import io.interpose.guest.simulated.SimulatedGuest;
import io.interpose.host.HostAgent;
import io.interpose.manager.DataFiles;
import io.interpose.manager.Manager;
import io.interpose.manager.ManagerConfig;
import io.interpose.manager.api.Json;
import io.interpose.model.inventory.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole datacenter on one machine: the lab compute manager (clusters, hosts, VMs, persisted in the
 * data directory), its agent manager running service VMs as processes, the manager on its embedded
 * store with the lab's admin API mounted beside the public one, one host agent per lab host (enrolled
 * with the manager, running the host's Context MUX) and a simulated guest in every powered-on VM. On
 * start it writes {@code lab.json} so that scripts and the CLI can find it.
 */
public final class Lab implements AutoCloseable {
    public static final String LAB_JSON = "lab.json";
    private final LabDatacenter datacenter;
    private final LabAgents agents;
    private final Manager manager;
    private final LabHostAgents hosts;
    private final LabGuests guests;
    private final AutoCloseable guestWatch;
    private final Path dataDir;

    private Lab(Path dataDir, LabDatacenter datacenter, LabAgents agents, Manager manager, LabHostAgents hosts,
            LabGuests guests, AutoCloseable guestWatch) {
        this.dataDir = dataDir;
        this.datacenter = datacenter;
        this.agents = agents;
        this.manager = manager;
        this.hosts = hosts;
        this.guests = guests;
        this.guestWatch = guestWatch;
    }

    /** Starts the lab in {@code config.dataDir()}, reusing whatever state is there. */
    public static Lab start(ManagerConfig config) {
        Path dataDir = config.dataDir();
        LabDatacenter datacenter = LabDatacenter.openDefaultLab(dataDir.resolve("lab"));
        LabHostAgents hosts = new LabHostAgents(dataDir.resolve("hosts"));
        LabGuests guests = new LabGuests(hosts, dataDir.resolve("guests"), Clock.systemUTC());
        LabAgents agents = null;
        Manager manager = null;
        try {
            agents = LabAgents.open(dataDir.resolve("agents"), datacenter, hosts);
            manager = Manager.start(config, datacenter, agents.manager(),
                    List.of(new LabAdminApi(datacenter, agents.manager(), new LabGiRoutes(hosts, guests))), Clock.systemUTC());
            writeLabJson(dataDir, manager);
            AutoCloseable watch = datacenter.watch(guests);
            hosts.attach(manager, datacenter.snapshot().hosts().stream().map(Host::id).toList());
            guests.start(datacenter.snapshot().vms());
            return new Lab(dataDir, datacenter, agents, manager, hosts, guests, watch);
        } catch (RuntimeException e) {
            guests.close();
            hosts.close();
            if (manager != null) {
                manager.close();
            }
            if (agents != null) {
                agents.close();
            }
            datacenter.close();
            throw e;
        }
    }

    public Manager manager() {
        return manager;
    }

    public LabAgents agents() {
        return agents;
    }

    public LabDatacenter datacenter() {
        return datacenter;
    }

    /** The host agent of each lab host that runs one. */
    public Map<String, HostAgent> hostAgents() {
        return hosts.agents();
    }

    /** The simulated guest of each powered-on VM. */
    public List<GuestStatus> guests() {
        return guests.statuses();
    }

    /** Stops and starts the agent of {@code hostId} (its MUX restarts on the state it saved). */
    void restartHostAgent(String hostId) {
        hosts.stop(hostId);
        hosts.ensure(hostId);
    }

    public Optional<SimulatedGuest> guest(String vmId) {
        return guests.guest(vmId);
    }

    public Path labJson() {
        return dataDir.resolve(LAB_JSON);
    }

    /** Written as soon as the API answers, so that scripts waiting for the lab can find it. */
    private static void writeLabJson(Path dataDir, Manager manager) {
        ObjectNode info = Json.object();
        info.put("api", manager.url());
        info.put("lab_api", manager.url() + LabAdminApi.BASE);
        info.put("user", manager.adminUser());
        info.put("password", manager.adminPassword().orElse(""));
        info.put("ca_cert", manager.caCertificate().map(p -> p.toAbsolutePath().toString()).orElse(""));
        info.put("data_dir", dataDir.toAbsolutePath().toString());
        try {
            DataFiles.writeAtomically(dataDir.resolve(LAB_JSON),
                    (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(LAB_JSON), e);
        }
    }

    @Override
    public void close() {
        try {
            guestWatch.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(Lab.class).warn("stopping the guests' inventory watch: {}", e.getMessage());
        }
        guests.close();
        hosts.close();
        try {
            manager.close();
        } finally {
            try {
                agents.close();
            } finally {
                datacenter.close();
            }
        }
    }
}
