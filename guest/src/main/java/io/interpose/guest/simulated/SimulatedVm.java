package io.interpose.guest.simulated;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.TransportProtocol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of a simulated guest: files, processes, connections, the paths a remediation ordered denied, and
 * on Windows the registry.
 * Thread-safe: the workload, the link's reader thread and the responder all touch it.
 */
final class SimulatedVm {

    final Clock clock;
    final GuestFlavour flavour;
    final GuestFileSystem files;
    final ProcessTable processes;
    final Optional<GuestRegistry> registry;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> deniedUntil = new ConcurrentHashMap<>();

    SimulatedVm(Clock clock, GuestFlavour flavour, GuestFileSystem files, ProcessTable processes,
                Optional<GuestRegistry> registry) {
        this.clock = clock;
        this.flavour = flavour;
        this.files = files;
        this.processes = processes;
        this.registry = registry;
    }

    /** The sample guest of that flavour. */
    static SimulatedVm sample(Clock clock, GuestFlavour flavour) {
        return flavour == GuestFlavour.WINDOWS ? windows(clock) : linux(clock);
    }

    /** A sample Linux guest: alice logged in over ssh, sshd listening, the EICAR file in her Downloads. */
    static SimulatedVm linux(Clock clock) {
        SimulatedVm vm = new SimulatedVm(clock, GuestFlavour.LINUX, GuestFileSystem.linux(clock), ProcessTable.linux(clock),
                Optional.empty());
        vm.open(tcp("0.0.0.0", 22, "0.0.0.0", 0, 2, "LISTEN"));
        vm.open(tcp("10.0.0.10", 22, "10.0.0.5", 50122, 2, "ESTABLISHED"));
        return vm;
    }

    /**
     * A sample Windows guest: alice logged in over Remote Desktop (the TermService svchost, pid 20, listening on
     * 3389), the EICAR file in her Downloads, a small registry.
     */
    static SimulatedVm windows(Clock clock) {
        SimulatedVm vm = new SimulatedVm(clock, GuestFlavour.WINDOWS, GuestFileSystem.windows(clock),
                ProcessTable.windows(clock), Optional.of(GuestRegistry.windows()));
        vm.open(tcp("0.0.0.0", 3389, "0.0.0.0", 0, 20, "LISTEN"));
        vm.open(tcp("10.0.0.10", 3389, "10.0.0.5", 50122, 20, "ESTABLISHED"));
        return vm;
    }

    static Connection tcp(String local, int localPort, String remote, int remotePort, int pid, String state) {
        return Connection.newBuilder().setProtocol(TransportProtocol.TCP).setLocalAddress(local).setLocalPort(localPort)
                .setRemoteAddress(remote).setRemotePort(remotePort).setPid(pid).setState(state).build();
    }

    void open(Connection connection) {
        connections.add(connection);
    }

    boolean close(Connection connection) {
        return connections.remove(connection);
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Drops the connections of a process that ended. */
    void closeConnectionsOf(int pid) {
        connections.removeIf(c -> c.getPid() == pid);
    }

    /** Denies every open of this path without asking, for {@code duration} (zero: until the agent restarts). */
    void denyAccess(String path, Duration duration) {
        deniedUntil.put(path, duration.isZero() ? Instant.MAX : clock.instant().plus(duration));
    }

    boolean isDenied(String path) {
        Instant until = deniedUntil.get(path);
        return until != null && clock.instant().isBefore(until);
    }
}
