package io.interpose.manager;

import io.interpose.manager.store.DatabaseConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the manager is started with, bound once from flags (see the CLI) and validated here.
 *
 * @param dataDir      where the embedded database, TLS material and the bootstrap password live
 * @param jdbcUrl      the database; empty means embedded H2 in {@code dataDir}
 * @param host         the address to bind
 * @param port         the HTTPS (or HTTP) port; 0 picks a free one
 * @param tls          serve HTTPS (the default); plain HTTP only for tests that say so
 * @param adminUser    the first enterprise_admin, created when the user table is empty
 * @param hostNames    extra names for the server certificate
 * @param controlPort  the host control channel's gRPC port (TLS, same certificate); 0 picks a free one
 */
public record ManagerConfig(
        Path dataDir,
        Optional<String> jdbcUrl,
        String dbUser,
        String dbPassword,
        String host,
        int port,
        boolean tls,
        String adminUser,
        List<String> hostNames,
        int controlPort) {

    public ManagerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        jdbcUrl = jdbcUrl == null ? Optional.empty() : jdbcUrl.filter(u -> !u.isBlank());
        dbUser = dbUser == null ? "" : dbUser;
        dbPassword = dbPassword == null ? "" : dbPassword;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (controlPort < 0 || controlPort > 65535) {
            throw new IllegalArgumentException("control port must be 0..65535, got " + controlPort);
        }
        adminUser = adminUser == null || adminUser.isBlank() ? "admin" : adminUser;
        hostNames = hostNames == null ? List.of() : List.copyOf(hostNames);
        jdbcUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("unsupported database URL '" + url + "': use jdbc:postgresql://... or jdbc:h2:...");
            }
        });
    }

    /** As the canonical constructor, with the control channel on a free port. */
    public ManagerConfig(Path dataDir, Optional<String> jdbcUrl, String dbUser, String dbPassword, String host, int port, boolean tls,
            String adminUser, List<String> hostNames) {
        this(dataDir, jdbcUrl, dbUser, dbPassword, host, port, tls, adminUser, hostNames, 0);
    }

    /** Embedded H2 and HTTPS in {@code dataDir} on {@code port}. */
    public static ManagerConfig embedded(Path dataDir, int port) {
        return new ManagerConfig(dataDir, Optional.empty(), "", "", "127.0.0.1", port, true, "admin", List.of(), 0);
    }

    public ManagerConfig withTls(boolean enabled) {
        return new ManagerConfig(dataDir, jdbcUrl, dbUser, dbPassword, host, port, enabled, adminUser, hostNames, controlPort);
    }

    public ManagerConfig withDatabase(String url, String user, String password) {
        return new ManagerConfig(dataDir, Optional.of(url), user, password, host, port, tls, adminUser, hostNames, controlPort);
    }

    public ManagerConfig withPorts(int apiPort, int control) {
        return new ManagerConfig(dataDir, jdbcUrl, dbUser, dbPassword, host, apiPort, tls, adminUser, hostNames, control);
    }

    /** The database actually used: the given one, or the embedded H2 file in {@code dataDir/db}. */
    public DatabaseConfig databaseConfig() {
        return jdbcUrl.map(url -> new DatabaseConfig(url, dbUser, dbPassword))
                .orElseGet(() -> DatabaseConfig.embeddedH2(dataDir.resolve("db")));
    }
}
