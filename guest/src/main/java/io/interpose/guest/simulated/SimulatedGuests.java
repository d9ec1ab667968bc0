package io.interpose.guest.simulated;

import io.interpose.guest.link.GuestLinkConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The lab's simulated guests: one {@link SimulatedGuest} per VM, started and stopped as VMs come and go,
 * sharing an injected clock, scheduler and responder executor. Thread-safe.
 */
public final class SimulatedGuests implements AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor responders;
    private final double operationsPerSecond;
    private final Map<String, SimulatedGuest> guests = new ConcurrentHashMap<>();

    /** @param operationsPerSecond each guest's workload rate (0: guests connect but stay idle) */
    public SimulatedGuests(Clock clock, ScheduledExecutorService scheduler, Executor responders, double operationsPerSecond) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.responders = responders;
        this.operationsPerSecond = operationsPerSecond;
    }

    /**
     * Starts the VM's guest, connecting to the MUX at {@code socket}; a guest already running for the VM is
     * stopped first. The credential is asked on every connect. The VM's OS name chooses the guest: a Windows
     * one (with registry events) when it contains "Windows" (any case), else a Linux one.
     */
    public SimulatedGuest start(String vmId, String osName, Path socket, Supplier<String> credential) {
        GuestLinkConfig config = GuestFlavour.of(osName).config(socket, vmId, credential, osName)
                .withAgent("simulated-guest", "0.1.0");
        SimulatedGuest guest = new SimulatedGuest(config, operationsPerSecond, vmId.hashCode(), clock, scheduler, responders);
        SimulatedGuest previous = guests.put(vmId, guest);
        if (previous != null) {
            previous.close();
        }
        guest.start();
        return guest;
    }

    /** Stops the VM's guest; false when none runs. */
    public boolean stop(String vmId) {
        SimulatedGuest guest = guests.remove(vmId);
        if (guest == null) {
            return false;
        }
        guest.close();
        return true;
    }

    public Optional<SimulatedGuest> guest(String vmId) {
        return Optional.ofNullable(guests.get(vmId));
    }

    /** Every running guest's status, by VM id. */
    public List<GuestStatus> statuses() {
        return guests.values().stream().map(SimulatedGuest::status)
                .sorted(Comparator.comparing(GuestStatus::vmId)).toList();
    }

    /** Stops every guest. The injected executors are the caller's to shut down. */
    @Override
    public void close() {
        List.copyOf(guests.keySet()).forEach(this::stop);
    }
}
