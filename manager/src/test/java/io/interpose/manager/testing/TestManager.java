package io.interpose.manager.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.agent.LabAgents;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.manager.Manager;
import io.interpose.manager.ManagerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real manager for API tests: HTTPS on a free port, embedded H2 (or a given database) in a
 * temporary directory, and a lab datacenter with the default inventory as its compute manager.
 */
public final class TestManager implements AutoCloseable {
    private final LabDatacenter lab;
    private final LabAgents agents;
    private final ManagerConfig config;
    private Manager manager;
    private ApiClient anonymous;

    private TestManager(LabDatacenter lab, LabAgents agents, ManagerConfig config, Manager manager) {
        this.lab = lab;
        this.agents = agents;
        this.config = config;
        this.manager = manager;
        this.anonymous = ApiClient.anonymous(manager.url(), manager.caCertificate());
    }

    /** Stops the manager alone and starts a new one on the same store, port, lab and agent manager. */
    public void restartManager() {
        int port = manager.port();
        manager.close();
        ManagerConfig samePort = new ManagerConfig(config.dataDir(), config.jdbcUrl(), config.dbUser(), config.dbPassword(),
                config.host(), port, config.tls(), config.adminUser(), config.hostNames());
        manager = Manager.start(samePort, lab, agents.manager(), List.of(), Clock.systemUTC());
        anonymous = ApiClient.anonymous(manager.url(), manager.caCertificate());
    }

    public static TestManager start(Path dir) {
        return start(ManagerConfig.embedded(dir, 0));
    }

    public static TestManager start(ManagerConfig config) {
        LabDatacenter lab = LabDatacenter.openDefaultLab(config.dataDir().resolve("lab"));
        LabAgents agents = LabAgents.open(config.dataDir().resolve("agents"), lab);
        return new TestManager(lab, agents, config, Manager.start(config, lab, agents.manager(), List.of(), Clock.systemUTC()));
    }

    public LabDatacenter lab() {
        return lab;
    }

    public Manager manager() {
        return manager;
    }

    public LabAgents agents() {
        return agents;
    }

    public ApiClient anonymous() {
        return anonymous;
    }

    public ApiClient admin() {
        return anonymous.withBasic(manager.adminUser(), manager.adminPassword().orElseThrow());
    }

    /** Creates a user through the API and returns a client logged in as it. */
    public ApiClient user(String username, String role, String vendorId) {
        String password = username + "-secret-password";
        ApiResponse created = admin().post("/api/v1/aaa/users", Map.of("username", username, "password", password,
                "roles", List.of(role), "vendor_id", vendorId));
        assertThat(created.status()).as("creating user %s: %s", username, created).isEqualTo(201);
        return anonymous.withBasic(username, password);
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            agents.close();
            lab.close();
        }
    }
}
