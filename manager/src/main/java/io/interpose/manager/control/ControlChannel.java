package io.interpose.manager.control;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.interpose.compute.agent.AgentManager;
import io.interpose.manager.deployment.SvmCredentials;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.store.Database;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The manager's side of the host control channel (control.proto), assembled: the gRPC server (TLS with
 * the manager's server certificate; client certificates optional at the TLS level and required by
 * {@code Sync}), join tokens, the {@link ControlPlane} that pushes desired state, and the store of
 * detections. Failure modes: {@link UncheckedIOException} if the port cannot be bound,
 * {@link IllegalStateException} if the TLS context cannot be built.
 */
public final class ControlChannel implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration RESYNC = Duration.ofSeconds(5);
    private final Server server;
    private final JoinTokens tokens;
    private final ControlPlane plane;
    private final SecurityEvents events;
    private final Sources sources;
    private final InventoryView inventory;
    private final ScheduledExecutorService executor;

    private ControlChannel(Server server, JoinTokens tokens, ControlPlane plane, SecurityEvents events, Sources sources,
            ScheduledExecutorService executor) {
        this.server = server;
        this.tokens = tokens;
        this.plane = plane;
        this.events = events;
        this.sources = sources;
        this.inventory = sources.inventory();
        this.executor = executor;
    }

    /**
     * What the control channel reads: the inventory, realization, the store and the SVM agents; and where
     * it records the MUX endpoints the hosts report.
     */
    public record Sources(InventoryView inventory, RealizationEngine engine, ResourceStore store, AgentManager agents,
            SvmCredentials credentials, MuxEndpoints muxEndpoints) {}

    /** Binds {@code host}:{@code port} (0: a free port) and starts serving and pushing. */
    public static ControlChannel start(String host, int port, TlsMaterial tls, Database database, Sources sources, Clock clock) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "control-plane");
            thread.setDaemon(true);
            return thread;
        });
        DesiredStates states = new DesiredStates(sources.inventory(), sources.engine(), sources.store(), sources.agents(),
                sources.credentials());
        ControlPlane plane = new ControlPlane(states, sources.inventory(), sources.engine(), sources.muxEndpoints(), clock, executor)
                .start(sources.agents(), POLL, RESYNC);
        JoinTokens tokens = new JoinTokens(database, clock);
        SecurityEvents events = new SecurityEvents(database, clock);
        events.admitting((hostId, serviceId) -> plane.ledger(hostId)
                .map(l -> l.sent().endpoints().values().stream().anyMatch(e -> e.getServiceId().equals(serviceId))).orElse(false));
        HostControlService service = new HostControlService(tokens, tls, sources.inventory(), plane, events);
        try {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).sslContext(sslContext(tls))
                    .addService(ServerInterceptors.intercept(service, new HostIdentity(tls)))
                    .permitKeepAliveTime(10, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                    .build().start();
            return new ControlChannel(server, tokens, plane, events, sources, executor);
        } catch (IOException e) {
            plane.close();
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind the control channel to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(TlsMaterial tls) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(tls.keyStore(), tls.keyStorePassword());
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys)).trustManager(tls.caX509Certificate())
                    .clientAuth(ClientAuth.OPTIONAL).build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("cannot build the control channel's TLS context: " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getPort();
    }

    /**
     * A new one-time join token (valid one hour) for {@code hostId}. Throws {@link IllegalArgumentException}
     * for a host the inventory does not know.
     */
    public JoinToken createJoinToken(String hostId) {
        if (inventory.host(hostId).isEmpty()) {
            throw new IllegalArgumentException("no host '" + hostId + "' in the inventory");
        }
        return tokens.create(hostId);
    }

    /** Per-host enforcement of endpoint rules and policies, for the realized-state API. */
    public io.interpose.manager.policy.EnforcementStatus enforcement() {
        return new HostEnforcements(plane, inventory, sources.engine());
    }

    /** The API module over this channel. */
    public ControlApi api(io.interpose.manager.deployment.DeploymentCatalog deployments, Clock clock) {
        return new ControlApi(this, inventory, deployments, sources.agents(), sources.store(), sources.engine(), clock);
    }

    public ControlPlane plane() {
        return plane;
    }

    public SecurityEvents securityEvents() {
        return events;
    }

    @Override
    public void close() {
        plane.close();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
