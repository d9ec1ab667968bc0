package io.interpose.host.mux;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.Protection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the host's desired state, indexed for the MUX: VMs, service settings,
 * endpoints, and for each service the VMs it protects with their binding (the first binding of that
 * service in the VM's list decides the profile).
 */
record ProtectionTable(Map<String, VmProtection> vms, Map<String, ServiceSettings> services,
        Map<String, ServiceEndpoint> endpoints, Map<String, Map<String, ServiceBinding>> protectedByService,
        Map<String, List<String>> protectorsByVm) {

    static final ProtectionTable EMPTY = of(DesiredState.getDefaultInstance());

    static ProtectionTable of(DesiredState state) {
        Map<String, VmProtection> vms = new LinkedHashMap<>();
        Map<String, Map<String, ServiceBinding>> byService = new LinkedHashMap<>();
        Map<String, List<String>> byVm = new LinkedHashMap<>();
        for (VmProtection vm : state.getVmsList()) {
            vms.put(vm.getVmId(), vm);
            Map<String, ServiceBinding> first = new LinkedHashMap<>();
            for (ServiceBinding binding : vm.getBindingsList()) {
                first.putIfAbsent(binding.getServiceId(), binding);
            }
            first.forEach((service, binding) ->
                    byService.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(vm.getVmId(), binding));
            byVm.put(vm.getVmId(), List.copyOf(first.keySet()));
        }
        Map<String, ServiceSettings> services = new LinkedHashMap<>();
        state.getServicesList().forEach(s -> services.put(s.getServiceId(), s));
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        state.getEndpointsList().forEach(e -> endpoints.put(e.getDeploymentId(), e));
        return new ProtectionTable(vms, services, endpoints, byService, byVm);
    }

    /** The services protecting this VM, in binding order; empty for an unknown VM. */
    List<String> protectors(String vmId) {
        return protectorsByVm.getOrDefault(vmId, List.of());
    }

    /** The VMs this service protects, with their bindings. */
    Map<String, ServiceBinding> protectedBy(String serviceId) {
        return protectedByService.getOrDefault(serviceId, Map.of());
    }

    boolean protects(String serviceId, String vmId) {
        return protectedBy(serviceId).containsKey(vmId);
    }

    Optional<ServiceEndpoint> endpoint(String deploymentId) {
        return Optional.ofNullable(endpoints.get(deploymentId));
    }

    ServiceSettings settings(String serviceId) {
        return services.getOrDefault(serviceId, ServiceSettings.newBuilder().setServiceId(serviceId).build());
    }

    /** The Protection frame telling a service that it protects this VM, or empty when it does not. */
    Optional<Protection> protection(String serviceId, String vmId, boolean guestConnected) {
        ServiceBinding binding = protectedBy(serviceId).get(vmId);
        if (binding == null) {
            return Optional.empty();
        }
        VmProtection vm = vms.get(vmId);
        return Optional.of(Protection.newBuilder().setVmId(vmId).setVmName(vm.getVmName())
                .setProfileId(binding.getProfileId()).setVendorTemplateKey(binding.getVendorTemplateKey())
                .putAllAttributes(binding.getAttributesMap()).setGuestConnected(guestConnected)
                .setOsFamily(osFamily(vm.getOsFamily())).build());
    }

    private static OsFamily osFamily(String name) {
        return switch (name) {
            case "LINUX" -> OsFamily.LINUX;
            case "WINDOWS" -> OsFamily.WINDOWS;
            default -> OsFamily.OS_FAMILY_UNSPECIFIED;
        };
    }
}
