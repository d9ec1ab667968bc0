package io.interpose.lab;

import static io.interpose.lab.LabCalls.guarded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.guest.simulated.GuestStatus;
import io.interpose.host.HostAgent;
import io.interpose.host.ops.OpsStatus;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ErrorCode;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.protocol.control.GuestHealth;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.SvmHealth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lab admin API's Guest Introspection view: {@code /guests} (GET: each simulated guest's link and
 * counters), {@code /host-agents} (GET: each lab host agent's manager connection and MUX health) and
 * {@code /host-agents/{id}/metrics} (GET: its MUX metrics, Prometheus text format).
 */
final class LabGiRoutes {
    private final LabHostAgents hosts;
    private final LabGuests guests;

    LabGiRoutes(LabHostAgents hosts, LabGuests guests) {
        this.hosts = hosts;
        this.guests = guests;
    }

    void routes(ApiRoutes routes, String base, Access read) {
        routes.get(base + "/guests", read, guarded(ctx -> Requests.json(ctx, 200, list(guests.statuses().stream()
                .map(LabGiRoutes::guest).toList()))));
        routes.get(base + "/host-agents", read, guarded(ctx -> Requests.json(ctx, 200, list(new TreeMap<>(hosts.agents())
                .entrySet().stream().map(e -> agent(e.getKey(), e.getValue())).toList()))));
        routes.get(base + "/host-agents/{id}/metrics", read, guarded(ctx -> {
            HostAgent agent = hosts.agent(ctx.pathParam("id")).orElseThrow(() -> new ApiException(404,
                    ErrorCode.NOT_FOUND, LabCalls.MODULE, "no host agent runs for host " + ctx.pathParam("id")));
            ctx.contentType("text/plain; version=0.0.4").result(agent.scrape());
        }));
    }

    private static JsonNode list(List<JsonNode> items) {
        return Requests.list(items, items.size(), "", item -> item);
    }

    private static JsonNode guest(GuestStatus status) {
        ObjectNode node = Json.object();
        node.put("vm_id", status.vmId());
        node.put("connected", status.connected());
        node.put("state", status.state().name());
        node.put("events_sent", status.eventsSent());
        node.put("allowed", status.allowed());
        node.put("denied", status.denied());
        status.lastDenial().ifPresent(d -> node.set("last_denial", Json.MAPPER.valueToTree(Map.of(
                "at", d.at().toString(), "type", d.type().name(), "subject", d.subject(), "why", d.why()))));
        status.refusal().ifPresent(r -> node.put("refusal", r));
        node.put("taken_over", status.takenOver());
        return node;
    }

    private static JsonNode agent(String hostId, HostAgent agent) {
        OpsStatus ops = agent.status();
        HostHealth health = agent.health();
        ObjectNode node = Json.object();
        node.put("host_id", hostId);
        node.put("manager_connected", ops.connected());
        node.put("applied_generation", ops.appliedGeneration());
        ops.lastError().ifPresent(e -> node.put("last_error", e));
        node.put("guest_socket", agent.guestSocket().toString());
        node.put("partner_address", agent.partnerAddress().getHostString() + ":" + agent.partnerAddress().getPort());
        node.put("mux_up", health.getMuxUp());
        node.set("svms", Json.MAPPER.valueToTree(health.getSvmsList().stream().map(LabGiRoutes::svm).toList()));
        node.set("guests", Json.MAPPER.valueToTree(health.getGuestsList().stream().map(LabGiRoutes::guest).toList()));
        return node;
    }

    private static Map<String, Object> svm(SvmHealth svm) {
        return Map.of("deployment_id", svm.getDeploymentId(), "service_id", svm.getServiceId(),
                "connected", svm.getConnected(), "protocol_version", svm.getProtocolVersion(),
                "health_state", svm.getHealthState(), "incompatible", svm.getIncompatible());
    }

    private static Map<String, Object> guest(GuestHealth guest) {
        return Map.of("vm_id", guest.getVmId(), "connected", guest.getConnected(),
                "agent_version", guest.getAgentVersion());
    }
}
