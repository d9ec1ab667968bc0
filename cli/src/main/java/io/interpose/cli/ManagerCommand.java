package io.interpose.cli;

import io.interpose.compute.agent.LabAgents;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.manager.Manager;
import io.interpose.manager.ManagerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code interpose manager}: the management plane alone, on a given database. Its inventory comes from
 * the lab compute manager kept in the data directory (the only compute manager there is today).
 */
@Command(name = "manager", mixinStandardHelpOptions = true, description = "Run the manager against a database.")
public final class ManagerCommand implements Runnable {
    @Option(names = "--db", description = "JDBC URL: jdbc:postgresql://host:port/db or jdbc:h2:...; default: embedded H2 in --data.")
    String db;

    @Option(names = "--db-user", defaultValue = "${env:INTERPOSE_DB_USER:-}", description = "Database user (env INTERPOSE_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:INTERPOSE_DB_PASSWORD:-}", description = "Database password (env INTERPOSE_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--data", defaultValue = "manager-data", description = "Data directory for TLS material and the inventory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--control-port", defaultValue = "8444",
            description = "Port of the host control channel, gRPC over TLS, where host agents enrol and sync (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--hostname", description = "Extra DNS name for the server certificate (repeatable).")
    List<String> hostNames = List.of();

    @Override
    public void run() {
        ManagerConfig config = new ManagerConfig(data, Optional.ofNullable(db), dbUser, dbPassword, host, port, true, "admin", hostNames)
                .withPorts(port, controlPort);
        LabDatacenter inventory = LabDatacenter.openDefaultLab(data.resolve("lab"));
        LabAgents agents = LabAgents.open(data.resolve("agents"), inventory);
        Manager manager = Manager.start(config, inventory, agents.manager(), List.of(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            agents.close();
            inventory.close();
            stopped.countDown();
        }, "manager-shutdown"));
        System.out.println("Interpose manager at " + manager.url() + " (database " + config.databaseConfig() + "), host control channel on port "
                + manager.controlPort());
        manager.adminPassword().ifPresent(p -> System.out.println("First start: user " + manager.adminUser() + ", password " + p));
        manager.caCertificate().ifPresent(p -> System.out.println("CA certificate: " + p));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
