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
    private final AtomicInteger nextPid;
    private final int pidStep;
    private final Clock clock;
    private final GuestFlavour flavour;

    /** Pids start at {@code firstPid} and grow by {@code pidStep} (Windows numbers processes by fours). */
    ProcessTable(Clock clock, GuestFlavour flavour, int firstPid, int pidStep) {
        this.clock = clock;
        this.flavour = flavour;
        this.nextPid = new AtomicInteger(firstPid);
        this.pidStep = pidStep;
    }

    /** init, sshd, and alice's login shell (pids 1, 2, 3). */
    static ProcessTable linux(Clock clock) {
        ProcessTable table = new ProcessTable(clock, GuestFlavour.LINUX, 1, 1);
        table.start(0, "/usr/lib/systemd/systemd", List.of("/sbin/init"), 0, "root");
        table.start(1, "/usr/sbin/sshd", List.of("sshd", "-D"), 0, "root");
        table.start(2, "/bin/bash", List.of("-bash"), 1000, "alice");
        return table;
    }

    /**
     * System (4), smss (8), wininit (12), services (16), the Remote Desktop svchost (20), winlogon (24), and
     * alice's explorer (28) and PowerShell (32).
     */
    static ProcessTable windows(Clock clock) {
        ProcessTable table = new ProcessTable(clock, GuestFlavour.WINDOWS, 4, 4);
        String system32 = "C:\\Windows\\System32\\";
        String system = "NT AUTHORITY\\SYSTEM";
        table.start(0, "System", List.of("System"), 0, system);
        table.start(4, system32 + "smss.exe", List.of("\\SystemRoot\\System32\\smss.exe"), 0, system);
        table.start(8, system32 + "wininit.exe", List.of("wininit.exe"), 0, system);
        table.start(12, system32 + "services.exe", List.of(system32 + "services.exe"), 0, system);
        table.start(16, system32 + "svchost.exe", List.of(system32 + "svchost.exe", "-k", "termsvcs"), 0,
                "NT AUTHORITY\\NETWORK SERVICE");
        table.start(8, system32 + "winlogon.exe", List.of("winlogon.exe"), 0, system);
        table.start(24, "C:\\Windows\\explorer.exe", List.of("C:\\Windows\\Explorer.EXE"), 0, GuestFlavour.WINDOWS.userName);
        table.start(28, system32 + "WindowsPowerShell\\v1.0\\powershell.exe", List.of("powershell.exe"), 0,
                GuestFlavour.WINDOWS.userName);
        return table;
    }

    SimulatedProcess start(int ppid, String executable, List<String> arguments, int uid, String userName) {
        int pid = nextPid.getAndAdd(pidStep);
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
                .setWorkingDirectory(flavour.workingDirectory(process));
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
