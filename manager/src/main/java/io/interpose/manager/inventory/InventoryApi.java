package io.interpose.manager.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.UnknownObjectException;
import io.interpose.manager.api.Access;
import io.interpose.manager.identity.Area;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.model.Tag;
import io.interpose.model.Violations;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code /api/v1/fabric/...}: clusters (compute collections), hosts and VMs as the compute manager
 * reports them, and the {@code update_tags} action by which partners and admins tag VMs.
 */
public final class InventoryApi implements ApiServer.ApiModule {
    private static final String MODULE = "inventory";
    private static final String BASE = "/api/v1/fabric";
    private final InventoryView view;

    public InventoryApi(InventoryView view) {
        this.view = view;
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.INVENTORY_READ);
        routes.get(BASE + "/compute-managers", read, (ctx, c) -> list(ctx, List.of(view.computeManager().id()), this::computeManager));
        routes.get(BASE + "/compute-collections", read, (ctx, c) -> list(ctx, view.clusters(), this::render));
        routes.get(BASE + "/compute-collections/{id}", read, (ctx, c) -> Requests.json(ctx, 200,
                render(view.cluster(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound(MODULE, "Compute collection " + ctx.pathParam("id"))))));
        routes.get(BASE + "/hosts", read, (ctx, c) -> list(ctx, view.hosts().stream().filter(hostFilter(ctx)).toList(), this::render));
        routes.get(BASE + "/hosts/{id}", read, (ctx, c) -> Requests.json(ctx, 200,
                render(view.host(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound(MODULE, "Host " + ctx.pathParam("id"))))));
        routes.get(BASE + "/virtual-machines", read, (ctx, c) -> list(ctx, view.vms().stream().filter(vmFilter(ctx)).toList(), VmRendering::render));
        routes.get(BASE + "/virtual-machines/{id}", read, (ctx, c) -> Requests.json(ctx, 200,
                VmRendering.render(view.vm(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound(MODULE, "Virtual machine " + ctx.pathParam("id"))))));
        routes.post(BASE + "/virtual-machines", Access.write(Area.INVENTORY_TAGS), (ctx, c) -> action(ctx));
    }

    private <T> void list(Context ctx, List<T> items, java.util.function.Function<T, JsonNode> render) {
        Requests.json(ctx, 200, Requests.listInMemory(items, Requests.page(ctx, MODULE), render, MODULE));
    }

    private static Predicate<Host> hostFilter(Context ctx) {
        String cluster = ctx.queryParam("compute_collection_id");
        return h -> cluster == null || cluster.equals(h.clusterId());
    }

    private static Predicate<VirtualMachine> vmFilter(Context ctx) {
        String name = ctx.queryParam("display_name");
        String host = ctx.queryParam("host_id");
        String external = ctx.queryParam("external_id");
        return vm -> (name == null || name.equals(vm.displayName()))
                && (host == null || host.equals(vm.hostId()))
                && (external == null || external.equals(vm.externalId()));
    }

    private void action(Context ctx) {
        String action = ctx.queryParam("action");
        if (!"update_tags".equals(action)) {
            throw ApiException.badRequest(MODULE, "Unknown or missing action '" + action + "'; allowed: [update_tags]");
        }
        ObjectNode body = Requests.body(ctx, MODULE);
        UpdateTags request = Json.bind(body, UpdateTags.class, MODULE);
        Violations violations = new Violations().required(request.externalId(), "external_id")
                .required(request.tags() == null ? null : "present", "tags")
                .maxSize(request.tags(), 30, "tags");
        if (request.tags() != null) {
            for (int i = 0; i < request.tags().size(); i++) {
                request.tags().get(i).check("tags[" + i + "]", violations);
            }
        }
        ResourceCodec.throwIfInvalid("update_tags request", MODULE, violations.list());
        try {
            view.computeManager().updateVmTags(request.externalId(), request.tags());
        } catch (UnknownObjectException e) {
            throw ApiException.notFound(MODULE, "Virtual machine " + request.externalId());
        }
        ctx.status(204);
    }

    /** The body of {@code ?action=update_tags}. */
    record UpdateTags(String externalId, List<Tag> tags) {}

    private JsonNode computeManager(String id) {
        ObjectNode out = Json.object();
        out.put("id", id).put("display_name", id).put("resource_type", "ComputeManager").put("origin_type", "LabDatacenter");
        return out;
    }

    private JsonNode render(Cluster cluster) {
        ObjectNode out = Json.object();
        out.put("external_id", cluster.id()).put("id", cluster.id()).put("display_name", cluster.displayName())
                .put("resource_type", "ComputeCollection").put("origin_id", view.computeManager().id())
                .put("cm_local_id", cluster.id());
        out.put("host_count", view.hosts().stream().filter(h -> h.clusterId().equals(cluster.id())).count());
        return out;
    }

    private JsonNode render(Host host) {
        ObjectNode out = Json.object();
        out.put("id", host.id()).put("external_id", host.id()).put("display_name", host.displayName())
                .put("resource_type", "HostNode").put("compute_collection_id", host.clusterId())
                .put("os_version", host.osVersion()).put("connection_state", host.connectionState().name())
                .put("maintenance_mode", host.maintenanceMode().name());
        return out;
    }
}
