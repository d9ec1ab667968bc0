package io.interpose.guest.simulated;

import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The process table of a simulated guest, with ancestry. Thread-safe. */
final class ProcessTable {

    static final int MAX_ANCESTORS = 16;

    private final Map<Integer, SimulatedProcess> processes = new ConcurrentSkipListMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1);
    private final Clock clock;

    ProcessTable(Clock clock) {
        this.clock = clock;
    }

    /** init, sshd, and alice's login shell (pids 1, 2, 3). */
    static ProcessTable sample(Clock clock) {
        ProcessTable table = new ProcessTable(clock);
        table.start(0, "/usr/lib/systemd/systemd", List.of("/sbin/init"), 0, "root");
        table.start(1, "/usr/sbin/sshd", List.of("sshd", "-D"), 0, "root");
        table.start(2, "/bin/bash", List.of("-bash"), 1000, "alice");
        return table;
    }

    SimulatedProcess start(int ppid, String executable, List<String> arguments, int uid, String userName) {
        int pid = nextPid.getAndIncrement();
        SimulatedProcess process = new SimulatedProcess(pid, ppid, executable, arguments, uid, userName, clock.instant());
        processes.put(pid, process);
        return process;
    }

    Optional<SimulatedProcess> process(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    List<SimulatedProcess> processes() {
        return List.copyOf(processes.values());
    }

    /** Ends a process; with a start time, only the process that started then (never a reused pid). */
    Optional<SimulatedProcess> kill(int pid, long startTimeUnixNanos) {
        SimulatedProcess process = processes.get(pid);
        if (process == null || (startTimeUnixNanos != 0 && SimulatedFile.nanos(process.started()) != startTimeUnixNanos)) {
            return Optional.empty();
        }
        return processes.remove(pid, process) ? Optional.of(process) : Optional.empty();
    }

    ProcessContext context(SimulatedProcess process) {
        ProcessContext.Builder context = ProcessContext.newBuilder().setPid(process.pid()).setPpid(process.ppid())
                .setExecutable(process.executable()).addAllArguments(process.arguments()).setUid(process.uid())
                .setUserName(process.userName()).setStartTimeUnixNanos(SimulatedFile.nanos(process.started()))
                .setWorkingDirectory(process.uid() == 0 ? "/" : "/home/" + process.userName());
        Optional<SimulatedProcess> parent = process(process.ppid());
        for (int i = 0; i < MAX_ANCESTORS && parent.isPresent(); i++) {
            SimulatedProcess p = parent.get();
            context.addAncestors(ProcessAncestor.newBuilder().setPid(p.pid()).setExecutable(p.executable())
                    .setStartTimeUnixNanos(SimulatedFile.nanos(p.started())));
            parent = p.ppid() == p.pid() ? Optional.empty() : process(p.ppid());
        }
        return context.build();
    }
}
