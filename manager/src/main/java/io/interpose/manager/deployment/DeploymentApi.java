package io.interpose.manager.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.identity.Area;
import io.interpose.manager.store.StoredResource;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/v1/serviceinsertion/services/{sid}/service-deployments[/{did}[/status]]} and the service
 * instances with their per-host runtimes: how administrators deploy a partner's service to a cluster
 * and watch its service VMs.
 */
public final class DeploymentApi implements ApiServer.ApiModule {
    private static final String BASE = "/api/v1/serviceinsertion/services/{sid}";
    private static final String MODULE = DeploymentCatalog.MODULE;
    private final DeploymentCatalog catalog;
    private final DeploymentObserver observer;
    private final PartnerHealth health;

    public DeploymentApi(DeploymentCatalog catalog, DeploymentObserver observer) {
        this(catalog, observer, PartnerHealth.none());
    }

    /** With each runtime's {@code runtime_health_status_by_partner} from {@code health}. */
    public DeploymentApi(DeploymentCatalog catalog, DeploymentObserver observer, PartnerHealth health) {
        this.catalog = catalog;
        this.observer = observer;
        this.health = health;
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.DEPLOYMENT);
        Access write = Access.write(Area.DEPLOYMENT);
        String deployments = BASE + "/service-deployments";
        routes.post(deployments, write, (ctx, c) ->
                Requests.json(ctx, 201, render(catalog.create(ctx.pathParam("sid"), Requests.body(ctx, MODULE), c))));
        routes.get(deployments, read, (ctx, c) -> list(ctx, catalog.deployments(ctx.pathParam("sid"), c)));
        routes.get(deployments + "/{did}", read, (ctx, c) ->
                Requests.json(ctx, 200, render(catalog.deployment(ctx.pathParam("sid"), ctx.pathParam("did"), c))));
        routes.post(deployments + "/{did}", write, (ctx, c) -> {
            if (!"upgrade".equals(ctx.queryParam("action"))) {
                throw ApiException.badRequest(MODULE, "Unknown or missing action '" + ctx.queryParam("action") + "'; allowed: [upgrade]");
            }
            Requests.json(ctx, 202, render(catalog.upgrade(ctx.pathParam("sid"), ctx.pathParam("did"), c)));
        });
        routes.delete(deployments + "/{did}", write, (ctx, c) -> {
            catalog.markForDelete(ctx.pathParam("sid"), ctx.pathParam("did"), c);
            ctx.status(202);
        });
        routes.get(deployments + "/{did}/status", read, (ctx, c) -> {
            StoredResource d = catalog.deployment(ctx.pathParam("sid"), ctx.pathParam("did"), c);
            Requests.json(ctx, 200, status(d, observer.observe(d.path()), d.body().has("previous_svm_version")));
        });
        routes.get(BASE + "/service-instances", read, (ctx, c) -> Requests.json(ctx, 200, Requests.listInMemory(
                catalog.deployments(ctx.pathParam("sid"), c), Requests.page(ctx, MODULE), this::instance, MODULE)));
        routes.get(BASE + "/service-instances/{iid}", read, (ctx, c) ->
                Requests.json(ctx, 200, instance(catalog.deployment(ctx.pathParam("sid"), ctx.pathParam("iid"), c))));
        routes.get(BASE + "/service-instances/{iid}/instance-runtimes", read, (ctx, c) -> {
            StoredResource d = catalog.deployment(ctx.pathParam("sid"), ctx.pathParam("iid"), c);
            List<DeploymentState.Runtime> runtimes = observer.observe(d.path()).runtimes();
            Requests.json(ctx, 200, Requests.listInMemory(runtimes, Requests.page(ctx, MODULE), r -> runtime(d, r), MODULE));
        });
    }

    private void list(Context ctx, List<StoredResource> all) {
        Requests.json(ctx, 200, Requests.listInMemory(all, Requests.page(ctx, MODULE), DeploymentApi::render, MODULE));
    }

    private static JsonNode render(StoredResource d) {
        return ResourceCodec.render(d, false).put("marked_for_delete", d.markedForDelete());
    }

    /** The observed status, seen in the light of the record: an undeployment, or an upgrade still rolling. */
    private static JsonNode status(StoredResource d, DeploymentState state, boolean upgraded) {
        String status = state.status();
        if (d.markedForDelete() && status.startsWith("DEPLOYMENT")) {
            status = "UNDEPLOYMENT_IN_PROGRESS";
        } else if (upgraded && status.equals("DEPLOYMENT_IN_PROGRESS")) {
            status = "UPGRADE_IN_PROGRESS";
        } else if (upgraded && status.equals("DEPLOYMENT_FAILED")) {
            status = "UPGRADE_FAILED";
        }
        ObjectNode out = Json.object();
        out.put("resource_type", "ServiceDeploymentStatus").put("service_deployment_id", d.id())
                .put("deployment_status", status)
                .put("sva_current_version", state.currentVersion()).put("last_update_timestamp", state.lastUpdate());
        ArrayNode issues = out.putArray("deployment_issues");
        state.issues().forEach(i -> issues.addObject().put("issue_type", i.type()).put("issue_description", i.description())
                .put("issue_timestamp", i.timestamp()).put("host_id", i.hostId()));
        return out;
    }

    /** One service instance per deployment (NSX's host-local GI instance), its runtimes one per host. */
    private JsonNode instance(StoredResource d) {
        ObjectNode out = Json.object();
        JsonNode body = d.body();
        out.put("id", d.id()).put("display_name", body.path("display_name").asText()).put("resource_type", "ServiceInstance")
                .put("service_id", body.path("service_id").asText()).put("service_deployment_id", d.id())
                .put("deployment_spec_name", body.path("deployment_spec_name").asText())
                .put("deployment_mode", body.path("deployment_mode").asText()).put("transport_type", "NA")
                .put("attachment_point", "HOST").put("instance_deployment_status", observer.observe(d.path()).status());
        return out;
    }

    private JsonNode runtime(StoredResource d, DeploymentState.Runtime r) {
        ObjectNode out = Json.object();
        out.put("id", r.id()).put("resource_type", "InstanceRuntime").put("service_instance_id", d.id())
                .put("host_id", r.hostId()).put("service_vm_id", r.svmId()).put("deployment_status", r.deploymentStatus())
                .put("runtime_status", r.runtimeStatus()).put("maintenance_mode", r.maintenanceMode())
                .put("error_message", r.errorMessage()).put("process_id", r.processId());
        health.of(d.id(), r.hostId()).ifPresent(h -> {
            out.put("runtime_health_status_by_partner", h.status());
            if (!h.unhealthyReason().isEmpty()) {
                out.put("unhealthy_reason", h.unhealthyReason());
            }
        });
        return out;
    }
}
