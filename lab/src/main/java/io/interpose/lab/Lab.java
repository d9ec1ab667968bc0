package io.interpose.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.agent.LabAgents;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.manager.DataFiles;
import io.interpose.manager.Manager;
import io.interpose.manager.ManagerConfig;
import io.interpose.manager.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A whole datacenter on one machine: the lab compute manager (clusters, hosts, VMs, persisted in the
 * data directory) and the manager on its embedded store, with the lab's admin API mounted beside the
 * public one. On start it writes {@code lab.json} so that scripts and the CLI can find it.
 */
public final class Lab implements AutoCloseable {
    public static final String LAB_JSON = "lab.json";
    private final LabDatacenter datacenter;
    private final LabAgents agents;
    private final Manager manager;
    private final Path dataDir;

    private Lab(Path dataDir, LabDatacenter datacenter, LabAgents agents, Manager manager) {
        this.dataDir = dataDir;
        this.datacenter = datacenter;
        this.agents = agents;
        this.manager = manager;
    }

    /** Starts the lab in {@code config.dataDir()}, reusing whatever state is there. */
    public static Lab start(ManagerConfig config) {
        Path dataDir = config.dataDir();
        LabDatacenter datacenter = LabDatacenter.openDefaultLab(dataDir.resolve("lab"));
        LabAgents agents = null;
        try {
            agents = LabAgents.open(dataDir.resolve("agents"), datacenter);
            Manager manager = Manager.start(config, datacenter, agents.manager(), List.of(new LabAdminApi(datacenter, agents.manager())),
                    Clock.systemUTC());
            Lab lab = new Lab(dataDir, datacenter, agents, manager);
            lab.writeLabJson();
            return lab;
        } catch (RuntimeException e) {
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

    public Path labJson() {
        return dataDir.resolve(LAB_JSON);
    }

    private void writeLabJson() {
        ObjectNode info = Json.object();
        info.put("api", manager.url());
        info.put("lab_api", manager.url() + LabAdminApi.BASE);
        info.put("user", manager.adminUser());
        info.put("password", manager.adminPassword().orElse(""));
        info.put("ca_cert", manager.caCertificate().map(p -> p.toAbsolutePath().toString()).orElse(""));
        info.put("data_dir", dataDir.toAbsolutePath().toString());
        try {
            DataFiles.writeAtomically(labJson(),
                    (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + labJson(), e);
        }
    }

    @Override
    public void close() {
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
