package io.interpose.manager.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.agent.AgentManager;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.deployment.DeploymentCatalog;
import io.interpose.manager.identity.Area;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import io.javalin.http.Context;

/**
 * The API of the host control channel: join tokens ({@code POST /api/v1/fabric/hosts/{id}?action=create_join_token},
 * enterprise_admin only, as the {@link Area#USERS} area), each host's agent and Guest Introspection status,
 * each VM's Guest Introspection status, each SVM's {@code ServiceInstanceHealthStatus}, and the security
 * events partners reported. Partners see only their own services' SVMs, protections and events.
 */
public final class ControlApi implements ApiServer.ApiModule {
    private static final String MODULE = "fabric";
    private static final String FABRIC = "/api/v1/fabric";
    private static final String RUNTIME = "/api/v1/serviceinsertion/services/{sid}/service-instances/{iid}/instance-runtimes/{rid}";
    private final ControlChannel channel;
    private final InventoryView inventory;
    private final DeploymentCatalog deployments;
    private final AgentManager agents;
    private final ResourceStore store;
    private final GuestIntrospectionView guests;
    private final SvmHealthView health;

    public ControlApi(ControlChannel channel, InventoryView inventory, DeploymentCatalog deployments, AgentManager agents,
            ResourceStore store, io.interpose.manager.realization.RealizationEngine engine, java.time.Clock clock) {
        this.channel = channel;
        this.inventory = inventory;
        this.deployments = deployments;
        this.agents = agents;
        this.store = store;
        this.guests = new GuestIntrospectionView(channel.plane(), engine, store);
        this.health = new SvmHealthView(channel.plane(), clock);
    }

    /** The partner-reported health of SVMs, for the instance runtimes of the deployment API. */
    public io.interpose.manager.deployment.PartnerHealth partnerHealth() {
        return health;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.post(FABRIC + "/hosts/{id}", Access.write(Area.USERS), (ctx, c) -> joinToken(ctx));
        Access inventoryRead = Access.read(Area.INVENTORY_READ);
        routes.get(FABRIC + "/hosts/{id}/guest-introspection", inventoryRead, (ctx, c) -> Requests.json(ctx, 200, host(host(ctx), c)));
        routes.get(FABRIC + "/virtual-machines/{id}/guest-introspection", inventoryRead, (ctx, c) ->
                Requests.json(ctx, 200, guests.render(vm(ctx.pathParam("id")), c)));
        routes.get(RUNTIME + "/health-status", Access.read(Area.SERVICE_INSERTION), (ctx, c) -> svmHealth(ctx, c));
        routes.get("/api/v1/serviceinsertion/security-events", Access.read(Area.SERVICE_INSERTION), (ctx, c) ->
                Requests.json(ctx, 200, Requests.listInMemory(channel.securityEvents().list().stream()
                        .filter(e -> visible(e.serviceId(), c)).toList(), Requests.page(ctx, MODULE), ControlApi::render, MODULE)));
    }

    private void joinToken(Context ctx) {
        if (!"create_join_token".equals(ctx.queryParam("action"))) {
            throw ApiException.badRequest(MODULE, "Unknown or missing action '" + ctx.queryParam("action") + "'; allowed: [create_join_token]");
        }
        Host host = host(ctx);
        JoinToken token = channel.createJoinToken(host.id());
        ObjectNode out = Json.object();
        out.put("host_id", token.hostId()).put("join_token", token.joinToken()).put("expires_at", token.expiresAt().toEpochMilli())
                .put("control_port", channel.port());
        Requests.json(ctx, 200, out);
    }

    private JsonNode host(Host host, Caller caller) {
        HostStatus status = channel.plane().status(host.id());
        ObjectNode out = Json.object();
        out.put("resource_type", "HostGuestIntrospectionStatus").put("host_id", host.id())
                .put("connection_status", status.connection().name()).put("agent_version", status.agentVersion())
                .put("mux_up", status.connected() && status.health().map(h -> h.getMuxUp()).orElse(false))
                .put("mux_guest_endpoint", status.muxGuestEndpoint()).put("mux_partner_endpoint", status.muxPartnerEndpoint())
                .put("desired_generation", status.desiredGeneration()).put("applied_generation", status.appliedGeneration());
        status.connectedSince().ifPresent(t -> out.put("connect_timestamp", t.toEpochMilli()));
        status.lastSeen().ifPresent(t -> out.put("last_seen", t.toEpochMilli()));
        status.syncTime().ifPresent(t -> out.put("sync_time", t.toEpochMilli()));
        ArrayNode vms = out.putArray("virtual_machines");
        inventory.vms().stream().filter(vm -> host.id().equals(vm.hostId())).forEach(vm -> vms.add(guests.render(vm, caller)));
        return out;
    }

    private void svmHealth(Context ctx, Caller caller) {
        String deploymentId = deployments.deployment(ctx.pathParam("sid"), ctx.pathParam("iid"), caller).id();
        String hostId = agents.agentBySvm(ctx.pathParam("rid")).filter(a -> a.agencyId().equals(deploymentId))
                .map(a -> a.hostId())
                .orElseThrow(() -> ApiException.notFound(MODULE, "Instance runtime " + ctx.pathParam("rid")));
        ObjectNode out = health.render(deploymentId, hostId);
        out.put("service_instance_id", deploymentId).put("instance_runtime_id", ctx.pathParam("rid"));
        Requests.json(ctx, 200, out);
    }

    private boolean visible(String serviceId, Caller caller) {
        return !caller.isPartner() || store.get(ServiceCatalog.servicePath(serviceId))
                .map(s -> caller.owns(s.body().path("vendor_id").asText())).orElse(false);
    }

    private Host host(Context ctx) {
        return inventory.host(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound(MODULE, "Host " + ctx.pathParam("id")));
    }

    private VirtualMachine vm(String id) {
        return inventory.vm(id).orElseThrow(() -> ApiException.notFound(MODULE, "Virtual machine " + id));
    }

    private static JsonNode render(SecurityEvent e) {
        ObjectNode out = Json.object();
        out.put("resource_type", "SecurityEvent").put("id", e.id()).put("service_id", e.serviceId())
                .put("service_deployment_id", e.deploymentId()).put("host_id", e.hostId()).put("vm_external_id", e.vmId())
                .put("severity", e.severity()).put("threat_name", e.threatName()).put("description", e.description())
                .put("file_path", e.filePath()).put("process_id", e.pid()).put("action_taken", e.actionTaken())
                .put("event_time", e.eventTime()).put("receive_time", e.receiveTime()).put("registry_key", e.registryKey());
        return out;
    }
}
