package io.interpose.manager.control;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The desired state of one host, without a generation: its VMs (by external id), the services they or its
 * SVMs use (by service id) and its SVM endpoints (by deployment id). Two states compare by content, which
 * is how deltas are found.
 */
record HostState(Map<String, VmProtection> vms, Map<String, ServiceSettings> services, Map<String, ServiceEndpoint> endpoints) {
    HostState {
        vms = Map.copyOf(vms);
        services = Map.copyOf(services);
        endpoints = Map.copyOf(endpoints);
    }

    static HostState empty() {
        return new HostState(Map.of(), Map.of(), Map.of());
    }

    DesiredState snapshot(String hostId, long generation) {
        return DesiredState.newBuilder().setGeneration(generation).setHostId(hostId)
                .addAllVms(new TreeMap<>(vms).values())
                .addAllServices(new TreeMap<>(services).values())
                .addAllEndpoints(new TreeMap<>(endpoints).values())
                .build();
    }

    /** The changes from {@code before} to this state; empty when there are none. */
    Optional<DesiredStateDelta> deltaFrom(HostState before, long baseGeneration, long generation) {
        if (equals(before)) {
            return Optional.empty();
        }
        DesiredStateDelta.Builder delta = DesiredStateDelta.newBuilder().setGeneration(generation).setBaseGeneration(baseGeneration);
        new TreeMap<>(vms).forEach((id, vm) -> {
            if (!vm.equals(before.vms.get(id))) {
                delta.addUpsertVms(vm);
            }
        });
        before.vms.keySet().stream().filter(Predicate.not(vms::containsKey)).sorted().forEach(delta::addRemovedVmIds);
        new TreeMap<>(services).forEach((id, service) -> {
            if (!service.equals(before.services.get(id))) {
                delta.addUpsertServices(service);
            }
        });
        before.services.keySet().stream().filter(Predicate.not(services::containsKey)).sorted().forEach(delta::addRemovedServiceIds);
        new TreeMap<>(endpoints).forEach((id, endpoint) -> {
            if (!endpoint.equals(before.endpoints.get(id))) {
                delta.addUpsertEndpoints(endpoint);
            }
        });
        before.endpoints.keySet().stream().filter(Predicate.not(endpoints::containsKey)).sorted()
                .forEach(delta::addRemovedDeploymentIds);
        return Optional.of(delta.build());
    }

    /** Every endpoint rule path bound on this host. */
    Set<String> rulePaths() {
        Set<String> paths = new HashSet<>();
        vms.values().forEach(vm -> paths.addAll(rulePaths(vm)));
        return paths;
    }

    /** The rule paths whose effect on this host differs between {@code before} and this state. */
    Set<String> rulesChangedFrom(HostState before) {
        Set<String> changed = new HashSet<>();
        Set<String> ids = new HashSet<>(vms.keySet());
        ids.addAll(before.vms.keySet());
        for (String id : ids) {
            VmProtection now = vms.get(id);
            VmProtection then = before.vms.get(id);
            if (!Objects.equals(now, then)) {
                changed.addAll(changedBindings(then, now));
            }
        }
        return changed;
    }

    private static Set<String> changedBindings(VmProtection then, VmProtection now) {
        Map<String, ServiceBinding> old = bindings(then);
        Map<String, ServiceBinding> current = bindings(now);
        Set<String> rules = new HashSet<>();
        Set<String> services = new HashSet<>(old.keySet());
        services.addAll(current.keySet());
        for (String service : services) {
            if (!Objects.equals(old.get(service), current.get(service))) {
                Optional.ofNullable(old.get(service)).ifPresent(b -> rules.addAll(b.getRulePathsList()));
                Optional.ofNullable(current.get(service)).ifPresent(b -> rules.addAll(b.getRulePathsList()));
            }
        }
        return rules;
    }

    private static Map<String, ServiceBinding> bindings(VmProtection vm) {
        Map<String, ServiceBinding> byService = new TreeMap<>();
        if (vm != null) {
            vm.getBindingsList().forEach(b -> byService.put(b.getServiceId(), b));
        }
        return byService;
    }

    private static Set<String> rulePaths(VmProtection vm) {
        Set<String> paths = new HashSet<>();
        vm.getBindingsList().forEach(b -> paths.addAll(b.getRulePathsList()));
        return paths;
    }
}
