package io.interpose.manager.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.Json;
import io.interpose.manager.realization.Protection;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.protocol.control.GuestHealth;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.SvmHealth;
import java.util.List;
import java.util.Optional;

/**
 * A VM's Guest Introspection status, from realization (which services protect it) and its host agent's
 * last health report (is its thin agent connected, is each service's SVM connected to the MUX):
 * <ul>
 *   <li>{@code NOT_PROTECTED}: no service (that the caller may see) protects the VM;</li>
 *   <li>{@code UNKNOWN}: the host agent is not connected to the manager, or has not reported health;</li>
 *   <li>{@code THIN_AGENT_NOT_RUNNING}: the VM's thin agent is not connected to the MUX;</li>
 *   <li>{@code SERVICE_NOT_AVAILABLE}: some protecting service has no SVM connected on the host;</li>
 *   <li>{@code PROTECTED}: otherwise.</li>
 * </ul>
 * Partners see only the services of their own vendor.
 */
final class GuestIntrospectionView {
    private final ControlPlane plane;
    private final RealizationEngine engine;
    private final ResourceStore store;

    GuestIntrospectionView(ControlPlane plane, RealizationEngine engine, ResourceStore store) {
        this.plane = plane;
        this.engine = engine;
        this.store = store;
    }

    ObjectNode render(VirtualMachine vm, Caller caller) {
        HostStatus host = plane.status(vm.hostId() == null ? "" : vm.hostId());
        Optional<HostHealth> health = host.connected() ? host.health() : Optional.empty();
        Optional<GuestHealth> guest = health.flatMap(h -> h.getGuestsList().stream().filter(g -> g.getVmId().equals(vm.externalId())).findFirst());
        ObjectNode out = Json.object();
        out.put("resource_type", "GuestIntrospectionStatus").put("external_id", vm.externalId()).put("display_name", vm.displayName())
                .put("host_id", vm.hostId() == null ? "" : vm.hostId()).put("host_agent_connected", host.connected());
        ObjectNode thin = out.putObject("thin_agent");
        thin.put("connected", guest.map(GuestHealth::getConnected).orElse(false));
        guest.ifPresent(g -> thin.put("agent_version", g.getAgentVersion()).put("protocol_version", g.getProtocolVersion()));
        ArrayNode services = out.putArray("services");
        boolean allAvailable = true;
        int visible = 0;
        for (Protection p : engine.protections(vm.externalId())) {
            Optional<StoredResource> service = store.get(ServiceCatalog.servicePath(p.serviceId()));
            if (service.isEmpty() || !caller.owns(service.get().body().path("vendor_id").asText())) {
                continue;
            }
            visible++;
            boolean svmConnected = health.map(h -> svmConnected(h.getSvmsList(), p.serviceId())).orElse(false);
            allAvailable &= svmConnected;
            services.addObject().put("service_id", p.serviceId()).put("service_name", service.get().body().path("display_name").asText())
                    .put("service_profile_path", p.profilePath()).put("endpoint_rule_path", p.rulePath()).put("svm_connected", svmConnected);
        }
        out.put("status", status(visible, health.isPresent(), thin.path("connected").asBoolean(), allAvailable));
        return out;
    }

    private static boolean svmConnected(List<SvmHealth> svms, String serviceId) {
        return svms.stream().anyMatch(s -> s.getServiceId().equals(serviceId) && s.getConnected());
    }

    private static String status(int services, boolean reported, boolean thinAgent, boolean allAvailable) {
        if (services == 0) {
            return "NOT_PROTECTED";
        }
        if (!reported) {
            return "UNKNOWN";
        }
        if (!thinAgent) {
            return "THIN_AGENT_NOT_RUNNING";
        }
        return allAvailable ? "PROTECTED" : "SERVICE_NOT_AVAILABLE";
    }
}
