package io.interpose.lab;

import io.interpose.compute.agent.HostPlatform;
import io.interpose.compute.ovf.EnvironmentKeys;
import io.interpose.host.HostAgent;
import io.interpose.host.ops.HostIdentity;
import io.interpose.manager.Manager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host agent per lab host, in the lab's process, each under {@code directory/<host-id>}: enrolled
 * with the manager by a join token the lab asks for itself, then reconnecting on its own. Each host's
 * MUX listens for service VMs on a port chosen once and kept ({@code mux.port}), so the lab hypervisor
 * can tell a service VM where its MUX is before the host agent runs ({@link HostPlatform}): the SDK
 * retries until it is up.
 */
final class LabHostAgents implements HostPlatform, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabHostAgents.class);
    private static final String PORT_FILE = "mux.port";

    private final Path directory;
    private final Map<String, HostAgent> agents = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private volatile Manager manager;
    private volatile InetSocketAddress control;
    private volatile X509Certificate managerCa;

    LabHostAgents(Path directory) {
        this.directory = directory;
    }

    @Override
    public Map<String, String> properties(String hostId) {
        return Map.of(EnvironmentKeys.MUX_ADDRESS, "127.0.0.1:" + port(hostId));
    }

    /** Starts the agent of every host the manager's inventory has; later hosts with {@link #ensure}. */
    void attach(Manager manager, Iterable<String> hostIds) {
        this.control = new InetSocketAddress("127.0.0.1", manager.controlPort());
        this.managerCa = HostAgent.certificate(manager.controlCaCertificate());
        this.manager = manager;
        hostIds.forEach(this::ensure);
    }

    /** Starts the agent of {@code hostId} unless it runs. A failure is logged: the lab goes on without it. */
    synchronized Optional<HostAgent> ensure(String hostId) {
        HostAgent running = agents.get(hostId);
        if (running != null || manager == null) {
            return Optional.ofNullable(running);
        }
        try {
            Path dir = directory.resolve(hostId);
            Optional<String> token = HostIdentity.load(hostId, dir).isPresent() ? Optional.empty()
                    : Optional.of(manager.createJoinToken(hostId).joinToken());
            HostAgent agent = HostAgent.start(new HostAgent.Config(hostId, dir, control, managerCa, token,
                    new InetSocketAddress("127.0.0.1", port(hostId)), Clock.systemUTC()));
            agents.put(hostId, agent);
            return Optional.of(agent);
        } catch (RuntimeException e) {
            LOG.error("host agent of {} did not start: {}", hostId, e.getMessage(), e);
            return Optional.empty();
        }
    }

    Optional<HostAgent> agent(String hostId) {
        return Optional.ofNullable(agents.get(hostId));
    }

    Map<String, HostAgent> agents() {
        return Map.copyOf(agents);
    }

    /** Stops the agent of a host that left the lab. */
    synchronized void stop(String hostId) {
        Optional.ofNullable(agents.remove(hostId)).ifPresent(HostAgent::close);
    }

    private int port(String hostId) {
        return ports.computeIfAbsent(hostId, this::storedOrNewPort);
    }

    private int storedOrNewPort(String hostId) {
        Path file = directory.resolve(hostId).resolve(PORT_FILE);
        try {
            if (Files.exists(file)) {
                return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, port + "\n", StandardCharsets.US_ASCII);
            return port;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("cannot choose the MUX port of " + hostId + " in " + file,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public synchronized void close() {
        agents.values().forEach(HostAgent::close);
        agents.clear();
    }
}
