package io.interpose.lab;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryListener;
import io.interpose.guest.simulated.GuestStatus;
import io.interpose.guest.simulated.SimulatedGuests;
import io.interpose.host.HostAgent;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import io.interpose.model.inventory.VirtualMachine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.DataFiles;
import io.interpose.manager.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The lab's guests: every powered-on lab VM runs a simulated guest whose thin agent connects to the MUX
 * of the host the VM is on, with the credential that host's hypervisor hands it. A migration moves the
 * guest to the new host's MUX; power-off and removal stop it. Inventory events arrive on the
 * datacenter's thread: starting a guest does not block (it connects on its own thread).
 */
final class LabGuests implements InventoryListener, AutoCloseable {
    /** Each guest's workload: a few operations a second, enough to see events flow without load. */
    static final double OPERATIONS_PER_SECOND = 2.0;
    /** How often a VM taken over by a real agent is checked for that agent having gone. */
    static final Duration RESUME_CHECK = Duration.ofSeconds(2);

    private final LabHostAgents hosts;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("lab-guests"));
    private final ExecutorService responders = Executors.newFixedThreadPool(2, daemon("lab-guest-responders"));
    private final SimulatedGuests guests;
    private final Path connections;
    /** Where each running VM's guest is: its host and OS name. */
    private final Map<String, Placed> placement = new ConcurrentHashMap<>();

    private record Placed(String hostId, String osName) {
    }

    /**
     * @param connections where each powered-on VM's guest connection is written ({@code <vm id>.json}: VM id,
     *     guest socket, credential, owner-only), so that a real thin agent can stand in for the VM
     *     ({@code interpose guest --connection FILE})
     */
    LabGuests(LabHostAgents hosts, Path connections, Clock clock) {
        this.hosts = hosts;
        this.connections = connections;
        this.guests = new SimulatedGuests(clock, scheduler, responders, OPERATIONS_PER_SECOND);
        scheduler.scheduleWithFixedDelay(this::resumeTakenOver, RESUME_CHECK.toMillis(), RESUME_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the guests of {@code vms} (the inventory at start). */
    void start(List<VirtualMachine> vms) {
        vms.forEach(this::place);
    }

    @Override
    public void onChange(InventoryEvent event) {
        if (event instanceof InventoryEvent.VmUpserted upserted) {
            place(upserted.vm());
        } else if (event instanceof InventoryEvent.VmRemoved removed) {
            stop(removed.externalId());
        } else if (event instanceof InventoryEvent.HostUpserted host) {
            hosts.ensure(host.host().id());
        } else if (event instanceof InventoryEvent.HostRemoved host) {
            placement.forEach((vmId, placed) -> {
                if (placed.hostId().equals(host.hostId())) {
                    stop(vmId);
                }
            });
            hosts.stop(host.hostId());
        }
    }

    List<GuestStatus> statuses() {
        return guests.statuses();
    }

    Optional<io.interpose.guest.simulated.SimulatedGuest> guest(String vmId) {
        return guests.guest(vmId);
    }

    private synchronized void place(VirtualMachine vm) {
        if (vm.powerState() != PowerState.POWERED_ON) {
            stop(vm.externalId());
            return;
        }
        Placed placed = placement.get(vm.externalId());
        if (placed != null && vm.hostId().equals(placed.hostId())) {
            return;
        }
        Optional<HostAgent> agent = hosts.ensure(vm.hostId());
        if (agent.isEmpty()) {
            stop(vm.externalId());
            return;
        }
        String vmId = vm.externalId();
        startGuest(vmId, vm.osName(), agent.get());
        placement.put(vmId, new Placed(vm.hostId(), vm.osName()));
        writeConnection(vmId, agent.get());
    }

    private void startGuest(String vmId, String osName, HostAgent agent) {
        guests.start(vmId, osName, agent.guestSocket(), () -> agent.guestCredential(vmId));
    }

    /**
     * A real agent that took a VM over ({@code interpose guest --connection}) stops its simulated guest for
     * good; once that agent is gone too (its host's MUX has no guest for the VM), the simulated guest comes
     * back, so that every running VM keeps a guest.
     */
    private synchronized void resumeTakenOver() {
        placement.forEach((vmId, placed) -> guests.guest(vmId).filter(guest -> guest.link().replaced())
                .ifPresent(guest -> hosts.agent(placed.hostId()).filter(agent -> !guestConnected(agent, vmId))
                        .ifPresent(agent -> startGuest(vmId, placed.osName(), agent))));
    }

    private static boolean guestConnected(HostAgent agent, String vmId) {
        return agent.health().getGuestsList().stream().anyMatch(g -> g.getVmId().equals(vmId) && g.getConnected());
    }

    private synchronized void stop(String vmId) {
        placement.remove(vmId);
        guests.stop(vmId);
        try {
            Files.deleteIfExists(connection(vmId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + connection(vmId), e);
        }
    }

    /** Where the guest connection of {@code vmId} is written while the VM runs. */
    Path connection(String vmId) {
        return connections.resolve(vmId + ".json");
    }

    private void writeConnection(String vmId, HostAgent agent) {
        ObjectNode connection = Json.object();
        connection.put("vm_id", vmId);
        connection.put("socket", agent.guestSocket().toAbsolutePath().toString());
        connection.put("credential", agent.guestCredential(vmId));
        try {
            Files.createDirectories(connections);
            DataFiles.writeAtomically(connection(vmId), (Json.MAPPER.writeValueAsString(connection) + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + connection(vmId), e);
        }
    }

    @Override
    public void close() {
        guests.close();
        scheduler.shutdownNow();
        responders.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
