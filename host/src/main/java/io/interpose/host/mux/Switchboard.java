package io.interpose.host.mux;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.gi.Detection;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.Frames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MUX's shared state: the desired state, the services, the connected guests and SVMs. Admits
 * connections (version, identity, credential, one connection per identity) and keeps every peer told
 * of what concerns it (see {@link ProtectionSync}). Control-plane changes run under one lock, which
 * only ever queues frames; the event path ({@link EventRouter}) reads volatile state without it.
 */
final class Switchboard {

    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);
    private static final List<Integer> VERSIONS = List.of(Frames.GI_VERSION);

    private final MuxConfig config;
    private final MuxListener listener;
    private final MuxMetrics metrics;
    private final EventRouter router;
    private final RequestRelay relay;
    private final ProtectionSync sync;
    private final Map<String, ServiceState> services = new ConcurrentHashMap<>();
    private final Map<String, GuestSession> guests = new ConcurrentHashMap<>();
    private final Map<String, PartnerSession> partners = new ConcurrentHashMap<>();
    private final Set<String> incompatible = ConcurrentHashMap.newKeySet();
    private volatile ProtectionTable table = ProtectionTable.EMPTY;

    Switchboard(MuxConfig config, MuxListener listener, ScheduledExecutorService scheduler) {
        this.config = config;
        this.listener = listener;
        this.metrics = new MuxMetrics(config.meters(), guests::size, partners::size);
        this.router = new EventRouter(config.limits());
        this.relay = new RequestRelay(this, scheduler, config.limits());
        this.sync = new ProtectionSync(this);
    }

    MuxMetrics metrics() {
        return metrics;
    }

    EventRouter router() {
        return router;
    }

    RequestRelay relay() {
        return relay;
    }

    ProtectionTable table() {
        return table;
    }

    Map<String, GuestSession> guests() {
        return guests;
    }

    Map<String, PartnerSession> partners() {
        return partners;
    }

    Set<String> incompatible() {
        return incompatible;
    }

    Optional<GuestSession> guest(String vmId) {
        return Optional.ofNullable(guests.get(vmId));
    }

    ServiceState service(String serviceId) {
        return services.computeIfAbsent(serviceId, id -> new ServiceState(id, metrics.service(id)));
    }

    boolean protects(PartnerSession svm, String vmId) {
        return table.protects(svm.service().id(), vmId);
    }

    /** Replaces the desired state and tells every connected peer what changed for it. */
    void apply(DesiredState state) {
        synchronized (this) {
            ProtectionTable previous = table;
            ProtectionTable next = ProtectionTable.of(state);
            next.services().values().forEach(settings -> service(settings.getServiceId()).settings(settings));
            table = next;
            dropDeparted(next);
            sync.changed(previous, next);
        }
        healthChanged();
    }

    private void dropDeparted(ProtectionTable next) {
        guests.values().stream().filter(g -> !next.vms().containsKey(g.vmId())).forEach(g ->
                g.connection().close(GoodbyeReason.SHUTDOWN, "the VM is no longer on this host"));
        partners.values().stream().filter(p -> !sameEndpoint(p, next)).forEach(p ->
                p.connection().close(GoodbyeReason.SHUTDOWN, "the deployment is no longer on this host"));
    }

    private boolean sameEndpoint(PartnerSession svm, ProtectionTable next) {
        return next.endpoint(svm.deploymentId())
                .filter(e -> e.getServiceId().equals(svm.service().id()) && credentialMatches(e, svm.hello().getCredential()))
                .isPresent();
    }

    void guestHello(GuestSession session, GuestHello hello) {
        Connection<GuestFrame> connection = session.connection();
        OptionalInt version = Frames.negotiate(hello.getVersionsList(), VERSIONS);
        if (version.isEmpty()) {
            log.info("Refusing {} claiming VM {}: no common protocol version in {}", connection.peer(), hello.getVmId(),
                    hello.getVersionsList());
            connection.close(versionUnsupported());
            return;
        }
        if (!table.vms().containsKey(hello.getVmId()) || !config.guestCredentials().verify(hello.getVmId(), hello.getCredential())) {
            refuse(connection, "VM " + hello.getVmId());
            return;
        }
        session.authenticated(hello, metrics.vm(hello.getVmId()));
        GuestSession previous;
        synchronized (this) {
            previous = guests.put(hello.getVmId(), session);
            connection.send(GuestFrame.newBuilder().setWelcome(welcome(version.getAsInt())).build());
            connection.establish();
            sync.guestConnected(session);
        }
        replace(previous == null ? null : previous.connection());
        log.info("Accepted {} ({} {})", connection.peer(), hello.getAgentName(), hello.getAgentVersion());
        healthChanged();
    }

    void partnerHello(PartnerSession session, ServiceHello hello) {
        Connection<PartnerFrame> connection = session.connection();
        Optional<ServiceEndpoint> endpoint = table.endpoint(hello.getDeploymentId())
                .filter(e -> config.hostId().equals(hello.getHostId()) && credentialMatches(e, hello.getCredential()));
        OptionalInt version = Frames.negotiate(hello.getVersionsList(), VERSIONS);
        if (version.isEmpty()) {
            log.info("Refusing {} claiming deployment {}: no common protocol version in {}", connection.peer(),
                    hello.getDeploymentId(), hello.getVersionsList());
            endpoint.ifPresent(e -> incompatible.add(e.getDeploymentId()));
            connection.close(versionUnsupported());
            healthChanged();
            return;
        }
        if (endpoint.isEmpty()) {
            refuse(connection, "deployment " + hello.getDeploymentId() + " on host " + hello.getHostId());
            return;
        }
        session.authenticated(hello, service(endpoint.get().getServiceId()), config.clock().millis());
        incompatible.remove(hello.getDeploymentId());
        PartnerSession previous;
        synchronized (this) {
            previous = partners.put(hello.getDeploymentId(), session);
            connection.send(PartnerFrame.newBuilder().setWelcome(welcome(version.getAsInt())).build());
            connection.establish();
            session.service().link(session);
            sync.partnerConnected(session);
        }
        replace(previous == null ? null : previous.connection());
        log.info("Accepted {} ({} {}, solution {})", connection.peer(), hello.getSdkName(), hello.getSdkVersion(),
                hello.getSolutionVersion());
        healthChanged();
    }

    private static void replace(Connection<?> previous) {
        if (previous != null) {
            log.info("Closing {}: replaced by a newer connection", previous.peer());
            previous.close(GoodbyeReason.REPLACED, "a newer connection authenticated as the same peer");
        }
    }

    private static void refuse(Connection<?> connection, String claimed) {
        log.warn("Refusing {} claiming {}: authentication failed", connection.peer(), claimed);
        connection.close(GoodbyeReason.AUTHENTICATION_FAILED, "authentication failed");
    }

    private static Goodbye versionUnsupported() {
        return Goodbye.newBuilder().setReason(GoodbyeReason.VERSION_UNSUPPORTED).setMessage("no common protocol version")
                .addAllSupportedVersions(VERSIONS).build();
    }

    private Welcome welcome(int version) {
        return Welcome.newBuilder().setVersion(version).setMaxFrameBytes(Frames.MAX_FRAME_BYTES)
                .setHeartbeatIntervalMs((int) config.limits().heartbeatInterval().toMillis())
                .setSessionId(UUID.randomUUID().toString()).setHostId(config.hostId()).build();
    }

    static boolean credentialMatches(ServiceEndpoint endpoint, String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(digest, endpoint.getCredentialSha256().toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    void guestClosed(GuestSession session) {
        relay.guestClosed(session);
        if (session.vmId() == null) {
            return;
        }
        synchronized (this) {
            if (guests.remove(session.vmId(), session)) {
                sync.guestDisconnected(session);
            }
        }
        healthChanged();
    }

    void partnerClosed(PartnerSession session) {
        if (session.hello() == null) {
            return;
        }
        synchronized (this) {
            if (partners.remove(session.deploymentId(), session)) {
                ServiceState service = session.service();
                service.link(partners.values().stream().filter(p -> p.service() == service).findFirst().orElse(null));
            }
        }
        healthChanged();
    }

    void subscribed(PartnerSession session, Subscriptions subscriptions) {
        synchronized (this) {
            session.service().subscriptions(subscriptions);
            if (session.service().link().orElse(null) != session) {
                return;
            }
            sync.interestChanged(session.service().id());
        }
    }

    void detection(PartnerSession svm, Detection detection) {
        if (!protects(svm, detection.getVmId())) {
            svm.service().meters().refused();
            return;
        }
        listener.detection(DetectionReport.newBuilder().setServiceId(svm.service().id()).setDeploymentId(svm.deploymentId())
                .setId(detection.getId()).setVmId(detection.getVmId()).setSeverity(detection.getSeverity().name())
                .setThreatName(detection.getThreatName()).setDescription(detection.getDescription())
                .setFilePath(detection.getFilePath()).setPid(detection.getPid()).setActionTaken(detection.getActionTaken())
                .setTimeUnixNanos(detection.getTimeUnixNanos()).setRegistryKey(detection.getRegistryKey()).build());
    }

    void healthChanged() {
        try {
            listener.healthChanged();
        } catch (RuntimeException e) {
            log.warn("The MUX listener failed on a health change", e);
        }
    }
}
