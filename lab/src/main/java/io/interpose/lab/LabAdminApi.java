package io.interpose.lab;

import static io.interpose.lab.LabCalls.action;
import static io.interpose.lab.LabCalls.bind;
import static io.interpose.lab.LabCalls.guarded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.Inventory;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.AgentManager;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.compute.lab.VmSpec;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.identity.Area;
import io.interpose.manager.inventory.VmRendering;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * {@code /lab/api/v1/...}: the lab datacenter's own admin API, our stand-in for vCenter's. Adds and
 * removes clusters, hosts and VMs; renames, tags, migrates and powers VMs; connects and disconnects
 * hosts and puts them in and out of maintenance mode; manages networks and IP pools
 * ({@link LabNetworkRoutes}). The manager hears every inventory change through the compute manager
 * SPI, exactly as it would from a real compute manager. Refusals: see {@link LabCalls}.
 */
public final class LabAdminApi implements ApiServer.ApiModule {
    static final String BASE = "/lab/api/v1";
    private static final List<String> HOST_ACTIONS = List.of("move", "connect", "disconnect", "enter_maintenance", "exit_maintenance");
    private static final List<String> VM_ACTIONS = List.of("rename", "migrate", "update_tags", "power_on", "power_off", "suspend");
    private final LabDatacenter lab;

    private final AgentManager agents;
    private final Optional<LabGiRoutes> gi;

    public LabAdminApi(LabDatacenter lab, AgentManager agents) {
        this(lab, agents, null);
    }

    /** With the Guest Introspection routes ({@code /guests}, {@code /host-agents}) when {@code gi} is given. */
    LabAdminApi(LabDatacenter lab, AgentManager agents, LabGiRoutes gi) {
        this.lab = lab;
        this.agents = agents;
        this.gi = Optional.ofNullable(gi);
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.LAB_ADMIN);
        Access write = Access.write(Area.LAB_ADMIN);
        routes.get(BASE + "/svms", read, guarded(ctx -> Requests.json(ctx, 200, svms())));
        routes.post(BASE + "/svms/{id}", write, guarded(this::svmAction));
        routes.get(BASE + "/inventory", read, guarded(ctx -> Requests.json(ctx, 200, render(lab.snapshot()))));
        routes.post(BASE + "/clusters", write, guarded(ctx -> {
            ClusterRequest r = bind(ctx, ClusterRequest.class);
            Requests.json(ctx, 201, Json.tree(lab.addCluster(r.id(), r.displayName())));
        }));
        routes.delete(BASE + "/clusters/{id}", write, guarded(ctx -> lab.removeCluster(ctx.pathParam("id"))));
        routes.post(BASE + "/hosts", write, guarded(ctx -> {
            HostRequest r = bind(ctx, HostRequest.class);
            Requests.json(ctx, 201, Json.tree(lab.addHost(r.id(), r.displayName(), r.clusterId(), r.osVersion())));
        }));
        routes.post(BASE + "/hosts/{id}", write, guarded(this::hostAction));
        routes.delete(BASE + "/hosts/{id}", write, guarded(ctx ->
                lab.removeHost(ctx.pathParam("id"), Requests.flag(ctx, "force", LabCalls.MODULE))));
        routes.post(BASE + "/vms", write, guarded(ctx -> {
            VmRequest r = bind(ctx, VmRequest.class);
            VmSpec spec = new VmSpec(r.externalId(), r.displayName(), r.hostId(), r.computerName(), r.osName(), r.tags(), null);
            Requests.json(ctx, 201, VmRendering.render(lab.addVm(spec)));
        }));
        routes.delete(BASE + "/vms/{id}", write, guarded(ctx -> lab.removeVm(ctx.pathParam("id"))));
        routes.post(BASE + "/vms/{id}", write, guarded(this::vmAction));
        new LabNetworkRoutes(lab).routes(routes, BASE, read, write);
        gi.ifPresent(giRoutes -> giRoutes.routes(routes, BASE, read));
    }

    private void hostAction(Context ctx) {
        String id = ctx.pathParam("id");
        Host host = switch (action(ctx, HOST_ACTIONS)) {
            case "move" -> lab.moveHost(id, bind(ctx, HostRequest.class).clusterId());
            case "connect" -> lab.connectHost(id);
            case "disconnect" -> lab.disconnectHost(id);
            case "enter_maintenance" -> lab.enterMaintenance(id);
            default -> lab.exitMaintenance(id);
        };
        Requests.json(ctx, 200, Json.tree(host));
    }

    private void vmAction(Context ctx) {
        String id = ctx.pathParam("id");
        VirtualMachine vm = switch (action(ctx, VM_ACTIONS)) {
            case "rename" -> lab.renameVm(id, bind(ctx, VmRequest.class).displayName());
            case "migrate" -> lab.migrateVm(id, bind(ctx, VmRequest.class).hostId());
            case "update_tags" -> updateTags(id, bind(ctx, VmRequest.class).tags());
            case "power_on" -> lab.powerOnVm(id);
            case "power_off" -> lab.powerOffVm(id);
            default -> lab.suspendVm(id);
        };
        Requests.json(ctx, 200, VmRendering.render(vm));
    }

    private VirtualMachine updateTags(String id, List<Tag> tags) {
        lab.updateVmTags(id, tags == null ? List.of() : tags);
        return lab.vm(id).orElseThrow(() -> new UnknownObjectException("VM " + id + " is gone"));
    }

    record ClusterRequest(String id, String displayName) {}

    record HostRequest(String id, String displayName, String clusterId, String osVersion) {}

    /** Every service VM the lab's agent manager runs, with its process id. */
    private JsonNode svms() {
        ObjectNode out = Json.object();
        var results = out.putArray("results");
        for (var agency : agents.agencies()) {
            for (var agent : agents.agents(agency.id())) {
                var runtime = agent.runtime();
                results.addObject().put("svm_id", runtime.svmId()).put("name", agent.name()).put("agency_id", agency.id())
                        .put("host_id", agent.hostId()).put("phase", runtime.phase().name())
                        .put("power_state", runtime.powerState().name()).put("ready", runtime.ready())
                        .put("process_id", runtime.pid().orElse(0));
            }
        }
        out.put("result_count", results.size()).put("cursor", "");
        return out;
    }

    /** Power-off, suspend and migrate requests for service VMs: the agent manager refuses them all. */
    private void svmAction(Context ctx) {
        String id = ctx.pathParam("id");
        String action = action(ctx, List.of("power_off", "suspend", "migrate"));
        if (agents.agentBySvm(id).isEmpty()) {
            throw new UnknownObjectException("no service VM " + id);
        }
        switch (action) {
            case "power_off" -> agents.powerOff(id);
            case "suspend" -> agents.suspend(id);
            default -> agents.migrate(id, bind(ctx, VmRequest.class).hostId());
        }
    }

    record VmRequest(String externalId, String displayName, String hostId, String computerName, String osName, List<Tag> tags) {}

    private static JsonNode render(Inventory inventory) {
        ObjectNode out = Json.object();
        out.set("clusters", Json.tree(inventory.clusters()));
        out.set("hosts", Json.tree(inventory.hosts()));
        out.set("vms", Json.MAPPER.valueToTree(inventory.vms().stream().map(VmRendering::render).toList()));
        return out;
    }
}
