package io.interpose.guest.linux.respond;

import io.interpose.guest.link.GuestResponder;
import io.interpose.guest.linux.proc.ProcFs;
import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.ConnectionList;
import io.interpose.protocol.gi.DenyAccess;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.KillProcess;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessList;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Answers the MUX's queries and carries out its remediation orders on the running Linux system
 * (docs/gi-protocol.md section 4.4). Never throws: every outcome is a result code with a message.
 *
 * <ul>
 *   <li>Paths must be absolute ({@code INVALID} otherwise); a missing file is {@code NOT_FOUND}, an unreadable
 *   one {@code PERMISSION_DENIED}, a directory (or FIFO, device, socket) where content is needed {@code INVALID}.
 *   <li>{@code file_hash}: SHA-256 (also for UNSPECIFIED), SHA-1 or MD5 of the whole file, streamed; an
 *   unknown algorithm is {@code UNSUPPORTED}. {@code file_read}: at most 1 MiB ({@code TOO_LARGE} beyond),
 *   {@code end_of_file} when the range reaches the end. {@code file_stat}: see {@link FileContexts} (any type).
 *   <li>{@code process_list}, {@code connection_list}: from {@link ProcFs}, at most 10,000 entries and 1 MiB
 *   (a list must fit in one frame); when cut, the status is still {@code OK} and its message says so.
 *   <li>{@code delete_file}: regular files only (a symbolic link is {@code INVALID}, never followed).
 *   {@code quarantine_file}: see {@link Quarantine} for the layout; the message names where the file is kept.
 *   <li>{@code kill_process}: SIGKILL. Pid 1 and the agent itself are {@code PERMISSION_DENIED}; a process that
 *   is gone, or whose start time differs from the order's (when set: the pid was reused), is
 *   {@code NOT_FOUND} and nothing is killed. The JDK's process handle checks the start time again when it
 *   signals, so a pid reused in between is not killed either.
 *   <li>{@code deny_access}: into {@link AccessDenials}; {@code duration_ms} 0 is until the agent restarts.
 * </ul>
 */
public final class LinuxResponder implements GuestResponder {

    private final ProcFs procFs;
    private final AccessDenials denials;
    private final Quarantine quarantine;

    public LinuxResponder(ProcFs procFs, AccessDenials denials, Path quarantineDir, Clock clock) {
        this.procFs = Objects.requireNonNull(procFs, "procFs");
        this.denials = Objects.requireNonNull(denials, "denials");
        this.quarantine = new Quarantine(quarantineDir, Objects.requireNonNull(clock, "clock"));
    }

    /** The absolute directory quarantined files go to (the agent should not intercept opens in it). */
    public Path quarantineDir() {
        return quarantine.directory();
    }

    @Override
    public QueryResult answer(Query query) {
        QueryResult.Builder result = QueryResult.newBuilder().setStatus(status(ResultCode.OK, ""));
        try {
            switch (query.getKindCase()) {
                case FILE_HASH -> result.setFileHash(FileQueries.hash(
                        absolute(query.getFileHash().getPath()), query.getFileHash().getAlgorithm()));
                case FILE_READ -> result.setFileBytes(FileQueries.read(
                        absolute(query.getFileRead().getPath()), query.getFileRead()));
                case FILE_STAT -> result.setFileStat(stat(absolute(query.getFileStat().getPath())));
                case PROCESS_LIST -> processList(result);
                case CONNECTION_LIST -> connectionList(result);
                default -> throw new RequestFailure(ResultCode.UNSUPPORTED, "unknown query");
            }
            return result.build();
        } catch (RequestFailure e) {
            return QueryResult.newBuilder().setStatus(status(e.code, e.getMessage())).build();
        } catch (RuntimeException e) {
            return QueryResult.newBuilder().setStatus(status(ResultCode.FAILED, e.toString())).build();
        }
    }

    /**
     * Quarantines the file and denies opens of it from now on (until the agent restarts): a local rule in
     * force makes the agent check every open, so the quarantine is closed even when no service decides opens.
     */
    private Path quarantine(Path original) throws RequestFailure {
        Path stored = quarantine.put(original);
        denials.deny(stored, Duration.ZERO);
        return stored;
    }

    @Override
    public RemediationResult remediate(Remediation order) {
        try {
            String done = switch (order.getActionCase()) {
                case DELETE_FILE -> delete(absolute(order.getDeleteFile().getPath()));
                case QUARANTINE_FILE -> "quarantined as " + quarantine(absolute(order.getQuarantineFile().getPath()));
                case KILL_PROCESS -> kill(order.getKillProcess());
                case DENY_ACCESS -> deny(order.getDenyAccess());
                default -> throw new RequestFailure(ResultCode.UNSUPPORTED, "unknown action");
            };
            return RemediationResult.newBuilder().setStatus(status(ResultCode.OK, done)).build();
        } catch (RequestFailure e) {
            return RemediationResult.newBuilder().setStatus(status(e.code, e.getMessage())).build();
        } catch (RuntimeException e) {
            return RemediationResult.newBuilder().setStatus(status(ResultCode.FAILED, e.toString())).build();
        }
    }

    private static FileContext stat(Path path) throws RequestFailure {
        try {
            return FileContexts.of(path);
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        } catch (UnsupportedOperationException e) {
            throw new RequestFailure(ResultCode.UNSUPPORTED, "no POSIX file attributes here");
        }
    }

    private void processList(QueryResult.Builder result) {
        ResultLists.Cut<ProcessContext> cut = ResultLists.fit(procFs.processes());
        result.setProcessList(ProcessList.newBuilder().addAllProcesses(cut.kept()));
        result.setStatus(status(ResultCode.OK, cut.note("processes")));
    }

    private void connectionList(QueryResult.Builder result) {
        ResultLists.Cut<Connection> cut = ResultLists.fit(procFs.connections());
        result.setConnectionList(ConnectionList.newBuilder().addAllConnections(cut.kept()));
        result.setStatus(status(ResultCode.OK, cut.note("connections")));
    }

    private static String delete(Path path) throws RequestFailure {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new RequestFailure(ResultCode.INVALID, "not a regular file: " + path);
            }
            Files.delete(path);
            return "deleted " + path;
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        }
    }

    private String kill(KillProcess order) throws RequestFailure {
        long pid = Integer.toUnsignedLong(order.getPid());
        if (pid == 0 || pid > Integer.MAX_VALUE) {
            throw new RequestFailure(ResultCode.INVALID, "no such pid: " + pid);
        }
        if (pid == 1 || pid == ProcessHandle.current().pid()) {
            String who = pid == 1 ? "init" : "the agent itself";
            throw new RequestFailure(ResultCode.PERMISSION_DENIED, "will not kill " + who);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        OptionalLong started = procFs.startTime((int) pid);
        if (handle.isEmpty() || started.isEmpty()) {
            throw new RequestFailure(ResultCode.NOT_FOUND, "no process " + pid);
        }
        long expected = order.getStartTimeUnixNanos();
        if (expected != 0 && expected != started.getAsLong()) {
            throw new RequestFailure(ResultCode.NOT_FOUND, "process " + pid + " started at " + started.getAsLong()
                    + ", not " + expected + ": the pid was reused; nothing killed");
        }
        if (!handle.get().destroyForcibly()) {
            throw handle.get().isAlive()
                    ? new RequestFailure(ResultCode.FAILED, "could not signal process " + pid)
                    : new RequestFailure(ResultCode.NOT_FOUND, "process " + pid + " ended");
        }
        return "SIGKILL sent to process " + pid;
    }

    private String deny(DenyAccess order) throws RequestFailure {
        Path path = absolute(order.getPath());
        Duration duration = Duration.ofMillis(Integer.toUnsignedLong(order.getDurationMs()));
        denials.deny(path, duration);
        return "opens of " + path + " denied " + (duration.isZero() ? "until the agent restarts" : "for " + duration);
    }

    /** The path of a request: absolute and well formed, else {@code INVALID}; normalised. */
    private static Path absolute(String path) throws RequestFailure {
        try {
            Path parsed = Path.of(path);
            if (path.isEmpty() || !parsed.isAbsolute()) {
                throw new RequestFailure(ResultCode.INVALID, "not an absolute path: \"" + path + "\"");
            }
            return parsed.normalize();
        } catch (InvalidPathException e) {
            throw new RequestFailure(ResultCode.INVALID, "not a path: " + e.getMessage());
        }
    }

    private static Status status(ResultCode code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message).build();
    }
}
