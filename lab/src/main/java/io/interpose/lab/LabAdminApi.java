package io.interpose.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.Inventory;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.lab.ConflictException;
import io.interpose.compute.lab.LabDatacenter;
import io.interpose.compute.lab.VmSpec;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.ErrorCode;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.identity.Area;
import io.interpose.manager.inventory.VmRendering;
import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /lab/api/v1/...}: the lab datacenter's own admin API, our stand-in for vCenter's. Adds and
 * removes clusters, hosts and VMs; renames, tags and migrates VMs. The manager hears every change
 * through the compute manager SPI, exactly as it would from a real compute manager.
 */
public final class LabAdminApi implements ApiServer.ApiModule {
    static final String BASE = "/lab/api/v1";
    private static final String MODULE = "lab";
    private final LabDatacenter lab;

    public LabAdminApi(LabDatacenter lab) {
        this.lab = lab;
    }

    @FunctionalInterface
    private interface LabCall {
        void run(Context ctx) throws Exception;
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.LAB_ADMIN);
        Access write = Access.write(Area.LAB_ADMIN);
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
        routes.post(BASE + "/hosts/{id}", write, guarded(ctx -> {
            requireAction(ctx, "move");
            Requests.json(ctx, 200, Json.tree(lab.moveHost(ctx.pathParam("id"), bind(ctx, HostRequest.class).clusterId())));
        }));
        routes.delete(BASE + "/hosts/{id}", write, guarded(ctx ->
                lab.removeHost(ctx.pathParam("id"), Requests.flag(ctx, "force", MODULE))));
        routes.post(BASE + "/vms", write, guarded(ctx -> {
            VmRequest r = bind(ctx, VmRequest.class);
            VmSpec spec = new VmSpec(r.externalId(), r.displayName(), r.hostId(), r.computerName(), r.osName(), r.tags(), null);
            Requests.json(ctx, 201, VmRendering.render(lab.addVm(spec)));
        }));
        routes.delete(BASE + "/vms/{id}", write, guarded(ctx -> lab.removeVm(ctx.pathParam("id"))));
        routes.post(BASE + "/vms/{id}", write, guarded(this::vmAction));
    }

    private void vmAction(Context ctx) {
        String id = ctx.pathParam("id");
        String action = String.valueOf(ctx.queryParam("action"));
        VmRequest r = bind(ctx, VmRequest.class);
        VirtualMachine vm = switch (action) {
            case "rename" -> lab.renameVm(id, r.displayName());
            case "migrate" -> lab.migrateVm(id, r.hostId());
            case "update_tags" -> {
                lab.updateVmTags(id, r.tags() == null ? List.of() : r.tags());
                yield lab.vm(id).orElseThrow(() -> new UnknownObjectException("VM " + id + " is gone"));
            }
            default -> throw ApiException.badRequest(MODULE, "Unknown or missing action '" + action
                    + "'; allowed: [rename, migrate, update_tags]");
        };
        Requests.json(ctx, 200, VmRendering.render(vm));
    }

    private static void requireAction(Context ctx, String action) {
        if (!action.equals(ctx.queryParam("action"))) {
            throw ApiException.badRequest(MODULE, "Unknown or missing action '" + ctx.queryParam("action") + "'; allowed: [" + action + "]");
        }
    }

    private static <T> T bind(Context ctx, Class<T> type) {
        return Json.bind(Requests.body(ctx, MODULE), type, MODULE);
    }

    /** Runs a lab call, mapping the lab's refusals to API errors; a call that sets no body answers 200 {}. */
    private static ApiRoutes.Handler guarded(LabCall call) {
        return (Context ctx, Caller caller) -> {
            try {
                call.run(ctx);
                if (ctx.result() == null) {
                    Requests.json(ctx, 200, Json.object());
                }
            } catch (UnknownObjectException e) {
                throw new ApiException(404, ErrorCode.NOT_FOUND, MODULE, e.getMessage());
            } catch (ConflictException e) {
                throw new ApiException(409, ErrorCode.IN_USE, MODULE, e.getMessage());
            }
        };
    }

    record ClusterRequest(String id, String displayName) {}

    record HostRequest(String id, String displayName, String clusterId, String osVersion) {}

    record VmRequest(String externalId, String displayName, String hostId, String computerName, String osName, List<Tag> tags) {}

    private static JsonNode render(Inventory inventory) {
        ObjectNode out = Json.object();
        out.set("clusters", Json.tree(inventory.clusters()));
        out.set("hosts", Json.tree(inventory.hosts()));
        out.set("vms", Json.MAPPER.valueToTree(inventory.vms().stream().map(VmRendering::render).toList()));
        return out;
    }
}
