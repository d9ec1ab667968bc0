package io.interpose.host;

import io.interpose.host.mux.ContextMux;
import io.interpose.host.mux.GuestCredentials;
import io.interpose.host.mux.MuxConfig;
import io.interpose.host.mux.MuxLimits;
import io.interpose.host.mux.MuxListener;
import io.interpose.host.ops.DesiredStateSink;
import io.interpose.host.ops.HostIdentity;
import io.interpose.host.ops.OpsAgent;
import io.interpose.host.ops.OpsConfig;
import io.interpose.host.ops.OpsStatus;
import io.interpose.host.ops.RenewingKeyManager;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.HostHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host agent of one hypervisor host: its identity (enrolled with the manager), the Context MUX
 * (thin agents on a local socket, partner SVMs on TLS) and the ops agent (desired state from the
 * manager, acks, health). The MUX starts first, on the last state the host applied, so protection
 * goes on while the manager is unreachable.
 *
 * <p>Files in {@code dataDir}: the identity and the last applied state (the ops agent's), the guest
 * credential key, and the guest socket {@value #GUEST_SOCKET}.
 */
public final class HostAgent implements AutoCloseable {
    public static final String GUEST_SOCKET = "gi-guest.sock";
    public static final String GUEST_KEY = "guest-credentials.key";

    private final ContextMux mux;
    private final OpsAgent ops;
    private final GuestCredentials guestCredentials;
    private final PrometheusMeterRegistry meters;

    /** What a host agent needs: who it is, where its manager is, and where it listens. */
    public record Config(String hostId, Path dataDir, InetSocketAddress manager, X509Certificate managerCa,
            Optional<String> joinToken, InetSocketAddress partnerBind, Clock clock) {}

    private HostAgent(ContextMux mux, OpsAgent ops, GuestCredentials guestCredentials, PrometheusMeterRegistry meters) {
        this.mux = mux;
        this.ops = ops;
        this.guestCredentials = guestCredentials;
        this.meters = meters;
    }

    /**
     * Enrols if need be, then starts the MUX and the ops agent.
     *
     * @throws IllegalStateException when the host has no identity and enrolment fails
     * @throws UncheckedIOException when a socket cannot be bound or a file written
     */
    public static HostAgent start(Config config) {
        try {
            Files.createDirectories(config.dataDir());
            HostIdentity identity = HostIdentity.loadOrEnrol(config.hostId(), config.dataDir(), config.manager(),
                    config.managerCa(), config.joinToken());
            GuestCredentials credentials = GuestCredentials.loadOrCreate(config.dataDir().resolve(GUEST_KEY));
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            meters.config().commonTags("host", config.hostId());
            AtomicReference<OpsAgent> ops = new AtomicReference<>();
            RenewingKeyManager muxKeys = new RenewingKeyManager(identity);
            ContextMux mux = ContextMux.start(new MuxConfig(config.hostId(), config.dataDir().resolve(GUEST_SOCKET),
                    config.partnerBind(), muxKeys.serverContext(), credentials, meters, config.clock(), MuxLimits.defaults()),
                    new OpsForwarding(ops));
            try {
                ops.set(OpsAgent.start(new OpsConfig(identity, config.manager(), config.dataDir(),
                        mux.guestSocket().toString(), endpoint(mux.partnerAddress()), config.clock(),
                        Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(10)), new MuxSink(mux), muxKeys::update));
            } catch (RuntimeException e) {
                mux.close();
                throw e;
            }
            return new HostAgent(mux, ops.get(), credentials, meters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the host agent of " + config.hostId() + ": " + e.getMessage(), e);
        }
    }

    /** The credential a VM's thin agent presents; the hypervisor hands it to the guest. */
    public String guestCredential(String vmId) {
        return guestCredentials.issue(vmId);
    }

    public Path guestSocket() {
        return mux.guestSocket();
    }

    public InetSocketAddress partnerAddress() {
        return mux.partnerAddress();
    }

    public HostHealth health() {
        return mux.health();
    }

    public OpsStatus status() {
        return ops.status();
    }

    /** The MUX's metrics in the Prometheus text format. */
    public String scrape() {
        return meters.scrape();
    }

    @Override
    public void close() {
        try {
            ops.close();
        } finally {
            mux.close();
        }
    }

    /** Reads a PEM certificate, such as the manager's CA; {@link IllegalArgumentException} if it cannot. */
    public static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    static String endpoint(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private record OpsForwarding(AtomicReference<OpsAgent> ops) implements MuxListener {
        @Override
        public void detection(DetectionReport report) {
            Optional.ofNullable(ops.get()).ifPresent(agent -> agent.report(report));
        }

        @Override
        public void healthChanged() {
            Optional.ofNullable(ops.get()).ifPresent(OpsAgent::healthChanged);
        }
    }

    private record MuxSink(ContextMux mux) implements DesiredStateSink {
        @Override
        public void apply(DesiredState fullState) {
            mux.apply(fullState);
        }

        @Override
        public HostHealth health() {
            return mux.health();
        }
    }
}
