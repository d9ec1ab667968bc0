package io.interpose.guest.simulated;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.TransportProtocol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of a simulated guest: files, processes, connections, and the paths a remediation ordered denied.
 * Thread-safe: the workload, the link's reader thread and the responder all touch it.
 */
final class SimulatedVm {

    final Clock clock;
    final GuestFileSystem files;
    final ProcessTable processes;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> deniedUntil = new ConcurrentHashMap<>();

    SimulatedVm(Clock clock, GuestFileSystem files, ProcessTable processes) {
        this.clock = clock;
        this.files = files;
        this.processes = processes;
    }

    /** A sample Linux guest: alice logged in over ssh, sshd listening, the EICAR file in her Downloads. */
    static SimulatedVm sample(Clock clock) {
        SimulatedVm vm = new SimulatedVm(clock, GuestFileSystem.sample(clock), ProcessTable.sample(clock));
        vm.open(tcp("0.0.0.0", 22, "0.0.0.0", 0, 2, "LISTEN"));
        vm.open(tcp("10.0.0.10", 22, "10.0.0.5", 50122, 2, "ESTABLISHED"));
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
