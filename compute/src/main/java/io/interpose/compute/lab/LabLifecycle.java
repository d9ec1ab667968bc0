package io.interpose.compute.lab;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.lab.LabState.Change;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.Host.MaintenanceMode;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The lifecycle transitions of the lab, each from one {@link LabState} to the next with its events in
 * order: VM power states, host connection state and maintenance mode. Invariant kept by all of them:
 * no VM is powered on on a host that is not {@linkplain Host#available() available}. A VM powered off
 * because its host went away (disconnected, or maintenance mode with nowhere to migrate it) is
 * remembered in {@link LabState#resumeOnHostStart()} and powered on again by {@link #resumeWorkloads}
 * once its host is available. Refusals throw {@link ConflictException} naming the host or VM and why.
 */
final class LabLifecycle {
    private LabLifecycle() {}

    static Change powerOn(LabState state, String externalId) {
        VirtualMachine vm = state.vm(externalId);
        if (vm.powerState() == PowerState.POWERED_ON) {
            return unchanged(state);
        }
        requireAvailable(state.host(vm.hostId()), "power on VM '" + externalId + "'");
        return forgetting(state.putVm(withPower(vm, PowerState.POWERED_ON)), externalId);
    }

    /** Powers a VM off; for a VM that is off already, only cancels its waiting for a host start. */
    static Change powerOff(LabState state, String externalId) {
        VirtualMachine vm = state.vm(externalId);
        if (vm.powerState() == PowerState.POWERED_OFF) {
            return new Change(state.withoutResume(List.of(externalId)), List.of());
        }
        requireConnected(state.host(vm.hostId()), "power off VM '" + externalId + "'");
        return forgetting(state.putVm(withPower(vm, PowerState.POWERED_OFF)), externalId);
    }

    static Change suspend(LabState state, String externalId) {
        VirtualMachine vm = state.vm(externalId);
        if (vm.powerState() == PowerState.SUSPENDED) {
            return unchanged(state);
        }
        if (vm.powerState() == PowerState.POWERED_OFF) {
            throw new ConflictException("VM '" + externalId + "' is powered off; only a powered-on VM can be suspended");
        }
        requireConnected(state.host(vm.hostId()), "suspend VM '" + externalId + "'");
        return state.putVm(withPower(vm, PowerState.SUSPENDED));
    }

    /** The host goes away: host event first, then each of its powered-on VMs is off and remembered. */
    static Change disconnect(LabState state, String hostId) {
        Host host = state.host(hostId);
        if (host.connectionState() == ConnectionState.DISCONNECTED) {
            return unchanged(state);
        }
        var steps = new Steps(state);
        steps.apply(state.putHost(host.withConnectionState(ConnectionState.DISCONNECTED)));
        running(state, hostId).forEach(steps::powerOffAndRemember);
        return steps.done();
    }

    /** The host is back; its remembered VMs wait for {@link #resumeWorkloads}. */
    static Change connect(LabState state, String hostId) {
        Host host = state.host(hostId);
        if (host.connectionState() == ConnectionState.CONNECTED) {
            return unchanged(state);
        }
        return state.putHost(host.withConnectionState(ConnectionState.CONNECTED));
    }

    /**
     * ENTERING, then each powered-on VM leaves (migrated round-robin to the other available hosts of
     * the cluster, or powered off and remembered when there is none), then ON. Powered-off and
     * suspended VMs stay registered on the host.
     */
    static Change enterMaintenance(LabState state, String hostId) {
        Host host = state.host(hostId);
        requireConnected(host, "put it in maintenance mode");
        if (host.maintenanceMode() == MaintenanceMode.ON) {
            return unchanged(state);
        }
        List<String> targets = host.clusterId().isEmpty() ? List.of() : state.hosts().values().stream()
                .filter(h -> h.clusterId().equals(host.clusterId()) && !h.id().equals(hostId) && h.available())
                .map(Host::id).toList();
        var steps = new Steps(state);
        steps.apply(state.putHost(host.withMaintenanceMode(MaintenanceMode.ENTERING)));
        List<VirtualMachine> leaving = running(state, hostId);
        for (int i = 0; i < leaving.size(); i++) {
            if (targets.isEmpty()) {
                steps.powerOffAndRemember(leaving.get(i));
            } else {
                steps.apply(steps.state.putVm(leaving.get(i).withHost(targets.get(i % targets.size()))));
            }
        }
        steps.apply(steps.state.putHost(host.withMaintenanceMode(MaintenanceMode.ON)));
        return steps.done();
    }

    /** EXITING, then OFF; the host's remembered VMs wait for {@link #resumeWorkloads}. */
    static Change exitMaintenance(LabState state, String hostId) {
        Host host = state.host(hostId);
        requireConnected(host, "take it out of maintenance mode");
        if (host.maintenanceMode() == MaintenanceMode.OFF) {
            return unchanged(state);
        }
        var steps = new Steps(state);
        steps.apply(state.putHost(host.withMaintenanceMode(MaintenanceMode.EXITING)));
        steps.apply(steps.state.putHost(host.withMaintenanceMode(MaintenanceMode.OFF)));
        return steps.done();
    }

    /**
     * Powers on the VMs remembered for {@code hostId} and forgets them, if the host (still) exists and
     * is available; otherwise they keep waiting.
     */
    static Change resumeWorkloads(LabState state, String hostId) {
        Host host = state.hosts().get(hostId);
        List<VirtualMachine> waiting = waiting(state, hostId);
        if (host == null || !host.available() || waiting.isEmpty()) {
            return unchanged(state);
        }
        var steps = new Steps(state);
        waiting.forEach(vm -> steps.apply(steps.state.putVm(withPower(vm, PowerState.POWERED_ON))));
        steps.state = steps.state.withoutResume(waiting.stream().map(VirtualMachine::externalId).toList());
        return steps.done();
    }

    /** The powered-off VMs on {@code hostId} that wait for its start. */
    static List<VirtualMachine> waiting(LabState state, String hostId) {
        return state.resumeOnHostStart().stream().map(state.vms()::get)
                .filter(vm -> vm.hostId().equals(hostId) && vm.powerState() == PowerState.POWERED_OFF).toList();
    }

    static void requireConnected(Host host, String action) {
        if (host.connectionState() == ConnectionState.DISCONNECTED) {
            throw new ConflictException("host '" + host.id() + "' is disconnected: cannot " + action + "; connect the host first");
        }
    }

    static void requireAvailable(Host host, String action) {
        requireConnected(host, action);
        if (host.maintenanceMode() != MaintenanceMode.OFF) {
            throw new ConflictException("host '" + host.id() + "' is in maintenance mode (" + host.maintenanceMode()
                    + "): cannot " + action + "; take the host out of maintenance mode first");
        }
    }

    private static List<VirtualMachine> running(LabState state, String hostId) {
        return state.vms().values().stream()
                .filter(vm -> vm.hostId().equals(hostId) && vm.powerState() == PowerState.POWERED_ON).toList();
    }

    private static Change forgetting(Change change, String externalId) {
        return new Change(change.next().withoutResume(List.of(externalId)), change.events());
    }

    private static Change unchanged(LabState state) {
        return new Change(state, List.of());
    }

    static VirtualMachine withPower(VirtualMachine vm, PowerState power) {
        return new VirtualMachine(vm.externalId(), vm.displayName(), vm.hostId(), vm.computerName(), vm.osName(), vm.tags(), power);
    }

    /** Several changes in a row, as one. */
    private static final class Steps {
        private LabState state;
        private final List<InventoryEvent> events = new ArrayList<>();

        private Steps(LabState start) {
            this.state = start;
        }

        private void apply(Change change) {
            state = change.next();
            events.addAll(change.events());
        }

        private void powerOffAndRemember(VirtualMachine vm) {
            apply(state.putVm(withPower(vm, PowerState.POWERED_OFF)));
            var resume = new LinkedHashSet<>(state.resumeOnHostStart());
            resume.add(vm.externalId());
            state = state.withResumeOnHostStart(resume);
        }

        private Change done() {
            return new Change(state, events);
        }
    }
}
