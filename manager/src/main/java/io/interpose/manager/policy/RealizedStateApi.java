package io.interpose.manager.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.identity.Area;
import io.interpose.manager.inventory.VmRendering;
import io.interpose.manager.realization.Protection;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.realization.RealizationStatus;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.inventory.VirtualMachine;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What policy means right now: a group's members, each VM's protections (service, profile and the
 * rule that decided), and the realization state of policies and rules.
 */
final class RealizedStateApi {
    private static final String MODULE = PolicyService.MODULE;
    /** The one enforcement point: the hosts' agents, fed by the control channel. */
    static final String ENFORCEMENT_POINT = "/infra/sites/default/enforcement-points/default";
    private final PolicyService policy;
    private final RealizationEngine engine;
    private final EnforcementStatus enforcement;

    RealizedStateApi(PolicyService policy, EnforcementStatus enforcement) {
        this.policy = policy;
        this.engine = policy.engine();
        this.enforcement = enforcement;
    }

    void routes(ApiRoutes routes) {
        Access read = Access.read(Area.POLICY);
        routes.get(PolicyApi.INFRA + "/domains/{d}/groups/{g}/members/virtual-machines", read, (ctx, c) -> members(ctx));
        routes.get(PolicyApi.INFRA + "/realized-state/status", read, (ctx, c) -> status(ctx));
        routes.get(PolicyApi.INFRA + "/realized-state/virtual-machines", read, (ctx, c) -> Requests.json(ctx, 200,
                Requests.listInMemory(policy.inventory().vms(), Requests.page(ctx, MODULE), this::protection, MODULE)));
        routes.get(PolicyApi.INFRA + "/realized-state/virtual-machines/{id}", read, (ctx, c) -> Requests.json(ctx, 200,
                protection(policy.inventory().vm(ctx.pathParam("id"))
                        .orElseThrow(() -> ApiException.notFound(MODULE, "Virtual machine " + ctx.pathParam("id"))))));
    }

    private void members(Context ctx) {
        String path = PolicyKinds.group(ctx.pathParam("d"), ctx.pathParam("g"));
        policy.get(path).orElseThrow(() -> ApiException.notFound(MODULE, "Group " + path));
        List<VirtualMachine> vms = engine.members(path).stream()
                .map(id -> policy.inventory().vm(id))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(VirtualMachine::displayName).thenComparing(VirtualMachine::externalId))
                .toList();
        Requests.json(ctx, 200, Requests.listInMemory(vms, Requests.page(ctx, MODULE), VmRendering::render, MODULE));
    }

    private JsonNode protection(VirtualMachine vm) {
        ObjectNode out = Json.object();
        out.put("external_id", vm.externalId()).put("display_name", vm.displayName()).put("host_id", vm.hostId())
                .put("resource_type", "VirtualMachineProtection");
        ArrayNode protections = out.putArray("protections");
        for (Protection p : engine.protections(vm.externalId())) {
            ObjectNode entry = protections.addObject();
            entry.put("service_id", p.serviceId());
            entry.put("service_name", policy.store().get(io.interpose.manager.serviceinsertion.ServiceCatalog.servicePath(p.serviceId()))
                    .map(s -> s.body().path("display_name").asText()).orElse(""));
            entry.put("service_profile_path", p.profilePath());
            entry.put("vendor_template_key", policy.get(p.profilePath()).map(s -> s.body().path("vendor_template_key").asText()).orElse(""));
            entry.put("endpoint_rule_path", p.rulePath());
            entry.put("endpoint_policy_path", p.policyPath());
        }
        return out;
    }

    private static EnforcementStatus.State consolidated(List<EnforcementStatus.HostEnforcement> hosts) {
        return hosts.stream().map(EnforcementStatus.HostEnforcement::state).min(Comparator.naturalOrder())
                .orElse(EnforcementStatus.State.REALIZED);
    }

    private void status(Context ctx) {
        String path = ctx.queryParam("intent_path");
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest(MODULE, "Query parameter intent_path is required");
        }
        StoredResource intent = policy.get(path).orElseThrow(() -> ApiException.notFound(MODULE, "Intent " + path));
        ObjectNode out = Json.object();
        out.put("intent_path", path).put("resource_type", "ConsolidatedRealizedStatus").put("entity_type", intent.kind());
        Optional<RealizationStatus> status = engine.ruleStatus(path).or(() -> engine.policyStatus(path));
        out.put("consolidated_status", status.map(s -> s.state().name()).orElse("REALIZED"));
        List<EnforcementStatus.HostEnforcement> hosts = status.isPresent() ? enforcement.hosts(path) : List.of();
        if (!hosts.isEmpty()) {
            EnforcementStatus.State overall = consolidated(hosts);
            if (overall == EnforcementStatus.State.IN_PROGRESS && out.path("consolidated_status").asText().equals("REALIZED")) {
                out.put("consolidated_status", "IN_PROGRESS");
            }
            ObjectNode point = out.putArray("enforcement_point_realized_statuses").addObject();
            point.put("enforcement_point_path", ENFORCEMENT_POINT).put("consolidated_status", overall.name());
            ArrayNode perHost = point.putArray("host_statuses");
            hosts.forEach(h -> perHost.addObject().put("host_id", h.hostId()).put("status", h.state().name())
                    .put("required_generation", h.requiredGeneration()).put("applied_generation", h.appliedGeneration()));
        }
        status.ifPresent(s -> {
            out.put("realization_specific_identifier", path);
            out.put("runtime_error", String.join("; ", s.errors()));
            out.put("vm_count", s.vmCount());
        });
        if (intent.kind().equals(PolicyKinds.GROUP.resourceType())) {
            out.put("member_count", engine.members(path).size());
        }
        Requests.json(ctx, 200, out);
    }
}
