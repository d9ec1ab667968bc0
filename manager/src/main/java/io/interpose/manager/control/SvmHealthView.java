package io.interpose.manager.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Json;
import io.interpose.manager.deployment.PartnerHealth;
import io.interpose.protocol.control.SvmHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The health of SVMs as their host agents report it: NSX's {@code ServiceInstanceHealthStatus} per SVM,
 * and the partner's own verdict on an instance runtime. A report is stale when the host's stream is gone
 * or its last health report is older than {@link #STALE_AFTER}.
 */
final class SvmHealthView implements PartnerHealth {
    static final Duration STALE_AFTER = Duration.ofSeconds(30);
    private final ControlPlane plane;
    private final Clock clock;

    SvmHealthView(ControlPlane plane, Clock clock) {
        this.plane = plane;
        this.clock = clock;
    }

    /** The last report of the SVM of {@code deploymentId} on {@code hostId}, if the host sent one. */
    Optional<SvmHealth> report(String deploymentId, String hostId) {
        return plane.status(hostId).health().flatMap(h -> h.getSvmsList().stream()
                .filter(s -> s.getDeploymentId().equals(deploymentId)).findFirst());
    }

    @Override
    public Optional<Report> of(String deploymentId, String hostId) {
        return report(deploymentId, hostId).map(s -> {
            if (!s.getConnected()) {
                return new Report("STOPPED", "the SVM is not connected to the host's MUX");
            }
            return "HEALTHY".equals(s.getHealthState()) || s.getHealthState().isEmpty() ? new Report("HEALTHY", "")
                    : new Report("NOT_RESPONDING", (s.getHealthState() + " " + s.getHealthReason()).strip());
        });
    }

    /** {@code ServiceInstanceHealthStatus} of the SVM of {@code deploymentId} on {@code hostId}. */
    ObjectNode render(String deploymentId, String hostId) {
        HostStatus host = plane.status(hostId);
        Optional<SvmHealth> svm = report(deploymentId, hostId);
        boolean connected = host.connected() && svm.map(SvmHealth::getConnected).orElse(false);
        boolean muxUp = host.connected() && host.health().map(h -> h.getMuxUp()).orElse(false);
        ObjectNode out = Json.object();
        out.put("resource_type", "ServiceInstanceHealthStatus").put("host_id", hostId).put("service_deployment_id", deploymentId);
        out.put("solution_status", connected ? nonEmpty(svm.get().getHealthState(), "UNKNOWN") : "NOT_AVAILABLE");
        out.put("solution_version", svm.map(SvmHealth::getSolutionVersion).orElse(""));
        out.put("mux_connected_status", muxUp && connected ? "UP" : "DOWN");
        svm.filter(s -> s.getConnectedSinceUnixMillis() > 0).ifPresent(s -> out.put("connect_timestamp", s.getConnectedSinceUnixMillis()));
        host.healthTime().ifPresent(t -> out.put("sync_time", t.toEpochMilli()));
        out.put("is_stale", !host.connected() || host.healthTime().map(t -> t.plus(STALE_AFTER).isBefore(clock.instant())).orElse(true));
        out.put("is_sva_mux_incompatible", svm.map(SvmHealth::getIncompatible).orElse(false));
        svm.filter(s -> !s.getHealthReason().isEmpty()).ifPresent(s -> out.put("health_reason", s.getHealthReason()));
        return out;
    }

    private static String nonEmpty(String value, String otherwise) {
        return value.isEmpty() ? otherwise : value;
    }
}
