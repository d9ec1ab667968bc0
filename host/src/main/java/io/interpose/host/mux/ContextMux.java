package io.interpose.host.mux;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.GuestHealth;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.SvmHealth;
import io.interpose.protocol.control.VmProtection;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.wire.Frames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Context MUX: relays guest events from thin agents (Unix domain socket) to the partner SVMs
 * protecting their VMs (TCP with TLS), brings back and combines verdicts, relays queries and
 * remediation, and reports health and detections, as docs/gi-protocol.md specifies.
 *
 * <p>Threads: two per connection (reader, writer), one accept thread per link, one shared timer.
 * Every queue is bounded ({@link MuxLimits}); a misbehaving peer is closed with one log line naming it
 * and never affects another connection. All methods are thread-safe.
 */
public final class ContextMux implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    private final Switchboard board;
    private final LinkServers servers;
    private volatile boolean up = true;

    private ContextMux(MuxConfig config, MuxListener listener) throws IOException {
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "mux-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.board = new Switchboard(config, listener, scheduler);
        try {
            this.servers = new LinkServers(config, board, scheduler);
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw e;
        }
        long tick = Math.max(10, config.limits().heartbeatInterval().toMillis() / 4);
        scheduler.scheduleWithFixedDelay(servers::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Binds both sockets (replacing a stale guest socket file) and starts serving, with an empty
     * desired state until the first {@link #apply}.
     *
     * @throws IOException when a socket cannot be bound
     */
    public static ContextMux start(MuxConfig config, MuxListener listener) throws IOException {
        return new ContextMux(Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Makes this the host's desired state. Idempotent: the MUX diffs it against the current one and
     * sends connected SVMs only the Protection, Unprotection and guests only the Interest changes; it
     * closes guests and SVMs no longer in the state.
     */
    public void apply(DesiredState state) {
        board.apply(Objects.requireNonNull(state, "state"));
    }

    /** Whether the MUX is up, and the state of every SVM endpoint and every VM's thin agent in the desired state. */
    public HostHealth health() {
        ProtectionTable table = board.table();
        HostHealth.Builder health = HostHealth.newBuilder().setMuxUp(up);
        for (ServiceEndpoint endpoint : table.endpoints().values()) {
            health.addSvms(svmHealth(endpoint));
        }
        for (VmProtection vm : table.vms().values()) {
            GuestHealth.Builder guest = GuestHealth.newBuilder().setVmId(vm.getVmId());
            board.guest(vm.getVmId()).ifPresent(g -> guest.setConnected(true).setProtocolVersion(Frames.GI_VERSION)
                    .setAgentVersion(g.hello().getAgentVersion()));
            health.addGuests(guest);
        }
        return health.build();
    }

    private SvmHealth svmHealth(ServiceEndpoint endpoint) {
        SvmHealth.Builder svm = SvmHealth.newBuilder().setDeploymentId(endpoint.getDeploymentId())
                .setServiceId(endpoint.getServiceId()).setIncompatible(board.incompatible().contains(endpoint.getDeploymentId()));
        PartnerSession session = board.partners().get(endpoint.getDeploymentId());
        if (session != null) {
            HealthState state = session.health().getState();
            svm.setConnected(true).setProtocolVersion(Frames.GI_VERSION).setSdkVersion(session.hello().getSdkVersion())
                    .setSolutionVersion(session.hello().getSolutionVersion())
                    .setHealthState(state == HealthState.HEALTH_STATE_UNSPECIFIED ? "" : state.name())
                    .setHealthReason(session.health().getReason()).setConnectedSinceUnixMillis(session.connectedSinceMillis());
        }
        return svm.build();
    }

    /** The Unix domain socket thin agents connect to. */
    public Path guestSocket() {
        return servers.guestSocket();
    }

    /** The bound address of the partner link (the real port when the configuration said 0). */
    public InetSocketAddress partnerAddress() {
        return servers.partnerAddress();
    }

    /** Says goodbye to every peer, closes both sockets and removes the guest socket file. */
    @Override
    public void close() {
        if (!up) {
            return;
        }
        up = false;
        servers.close();
        scheduler.shutdown();
        board.healthChanged();
    }
}
