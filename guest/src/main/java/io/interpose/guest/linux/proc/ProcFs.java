package io.interpose.guest.linux.proc;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The running Linux system as {@code /proc} shows it: processes with their context, and TCP/UDP sockets with
 * their owners. Reads nothing outside {@code /proc} (user names come from {@link UserNames}, which answers
 * from memory), logs nothing, and never throws: a process can end in the middle of a read, which gives an
 * empty answer (it was gone at the first read) or a partial one (an empty executable, arguments or working
 * directory). {@link #process} costs a handful of small reads plus two per ancestor, so it may run on the
 * thread that holds a blocked {@code open} until it is answered. Thread-safe (it keeps no state but the boot
 * time, read once).
 *
 * <p>What a {@link ProcessContext} holds here:
 * <ul>
 *   <li>{@code executable}: the target of {@code /proc/<pid>/exe}; a program whose file was deleted or
 *   replaced keeps the kernel's {@code " (deleted)"} suffix (worth knowing: malware often deletes itself); a
 *   kernel thread is {@code "[name]"} as {@code ps} shows it; {@code ""} when the link cannot be read (a
 *   zombie, or the process ended);
 *   <li>{@code arguments}: see {@link Arguments} (64 arguments, 16 KiB);
 *   <li>{@code ppid} from {@code status}; {@code uid} the effective uid; {@code user_name} from {@link UserNames};
 *   <li>{@code start_time_unix_nanos}: field 22 of {@code stat} (clock ticks since boot) plus the boot time
 *   ({@code btime} in {@code /proc/stat}, read once when this object is made, so the value stays the same for
 *   the life of the process even if the clock is set);
 *   <li>{@code working_directory}: the target of {@code /proc/<pid>/cwd}, {@code ""} when unreadable;
 *   <li>{@code ancestors}: parent first, at most 16, up to pid 1 (or the first ancestor outside our pid
 *   namespace, whose pid reads as 0); the walk ends early at an ancestor that has just ended.
 * </ul>
 * A pid may be reused between the reads of one call; the start time read first is the one returned.
 */
public final class ProcFs {

    static final int MAX_ANCESTORS = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Path root;
    private final UserNames userNames;
    private final long bootNanos;
    private final long nanosPerTick;

    ProcFs(Path root, UserNames userNames, long bootNanos, long ticksPerSecond) {
        this.root = root;
        this.userNames = Objects.requireNonNull(userNames, "userNames");
        this.bootNanos = bootNanos;
        this.nanosPerTick = NANOS_PER_SECOND / ticksPerSecond;
    }

    /** Reads the live system's {@code /proc}; reads the boot time now. */
    public static ProcFs live(UserNames userNames) {
        Path proc = Path.of("/proc");
        return new ProcFs(proc, userNames, bootSeconds(proc) * NANOS_PER_SECOND, ClockTicks.perSecond());
    }

    /** The context of a live process, with its ancestors; empty when there is no such process (any more). */
    public Optional<ProcessContext> process(int pid) {
        return context(pid).map(context -> context.addAllAncestors(ancestors(context.getPpid())).build());
    }

    /**
     * Every process, in pid order, without ancestors (each has its {@code ppid}, so the tree can be rebuilt
     * from the list, and leaving them out keeps the list small and quick).
     */
    public List<ProcessContext> processes() {
        List<ProcessContext> processes = new ArrayList<>();
        for (int pid : ProcFiles.pids(root)) {
            context(pid).ifPresent(context -> processes.add(context.build()));
        }
        return processes;
    }

    /** When the process started, as in {@link ProcessContext#getStartTimeUnixNanos()}; empty when it is gone. */
    public OptionalLong startTime(int pid) {
        return stat(pid).map(stat -> OptionalLong.of(nanos(stat.startTicks()))).orElse(OptionalLong.empty());
    }

    /**
     * What tells one program run of a pid from another, cheaply (two reads): its start time (a reused pid
     * has another) and its executable (an {@code exec} keeps the pid and start time but changes it). Empty
     * when the process is gone. A program that executes itself again keeps both.
     */
    public Optional<ProcessIdentity> identity(int pid) {
        return stat(pid).map(stat -> new ProcessIdentity(pid, nanos(stat.startTicks()), executable(pid, stat)));
    }

    /**
     * Every TCP and UDP socket, IPv4 and IPv6, of every network namespace in use, with the pid of the process
     * that has it open (0 when none does, as for a connection in TIME_WAIT, or it is unknown). See
     * {@link SocketTable} for the states and {@link AddressText} for the addresses. Scans every process's open
     * files, so it costs one read per open file in the system: meant for an on-demand query, not a hot path.
     */
    public List<Connection> connections() {
        SocketOwners owners = SocketOwners.scan(root);
        List<Connection> connections = new ArrayList<>();
        for (Path net : owners.namespaces().values()) {
            for (SocketTable table : SocketTable.values()) {
                ProcFiles.text(net.resolve(table.fileName))
                        .ifPresent(text -> connections.addAll(table.parse(text, owners.byInode())));
            }
        }
        return connections;
    }

    private Optional<ProcessContext.Builder> context(int pid) {
        Path process = root.resolve(Integer.toString(pid));
        Optional<StatLine> stat = stat(pid);
        Optional<ProcStatus> status = ProcFiles.text(process.resolve("status")).flatMap(ProcStatus::parse);
        if (stat.isEmpty() || status.isEmpty()) {
            return Optional.empty();
        }
        Arguments arguments = ProcFiles.prefix(process.resolve("cmdline"), Arguments.MAX_BYTES + 1)
                .map(Arguments::parse).orElse(Arguments.none());
        return Optional.of(ProcessContext.newBuilder()
                .setPid(pid)
                .setPpid(status.get().ppid())
                .setExecutable(executable(pid, stat.get()))
                .addAllArguments(arguments.values())
                .setArgumentsTruncated(arguments.truncated())
                .setUid(status.get().effectiveUid())
                .setUserName(userNames.name(status.get().effectiveUid()))
                .setStartTimeUnixNanos(nanos(stat.get().startTicks()))
                .setWorkingDirectory(ProcFiles.link(process.resolve("cwd")).orElse("")));
    }

    private List<ProcessAncestor> ancestors(int ppid) {
        List<ProcessAncestor> ancestors = new ArrayList<>();
        int next = ppid;
        while (next > 0 && ancestors.size() < MAX_ANCESTORS) {
            Optional<StatLine> stat = stat(next);
            if (stat.isEmpty()) {
                break;
            }
            ancestors.add(ProcessAncestor.newBuilder().setPid(next).setExecutable(executable(next, stat.get()))
                    .setStartTimeUnixNanos(nanos(stat.get().startTicks())).build());
            next = stat.get().ppid();
        }
        return ancestors;
    }

    private String executable(int pid, StatLine stat) {
        if (stat.kernelThread()) {
            return "[" + stat.command() + "]";
        }
        return ProcFiles.link(root.resolve(pid + "/exe")).orElse("");
    }

    private Optional<StatLine> stat(int pid) {
        return pid <= 0 ? Optional.empty() : ProcFiles.text(root.resolve(pid + "/stat")).flatMap(StatLine::parse);
    }

    private long nanos(long ticks) {
        return bootNanos + ticks * nanosPerTick;
    }

    /** {@code btime} from {@code /proc/stat}: the boot time in seconds since the epoch. */
    static long bootSeconds(Path proc) {
        for (String line : ProcFiles.text(proc.resolve("stat")).orElse("").split("\n")) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IllegalStateException("no btime in " + proc.resolve("stat") + ": is this Linux with /proc mounted?");
    }
}
