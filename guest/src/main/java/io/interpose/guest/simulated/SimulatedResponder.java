package io.interpose.guest.simulated;

import com.google.protobuf.ByteString;
import io.interpose.guest.link.GuestResponder;
import io.interpose.protocol.gi.ConnectionList;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.ProcessList;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Answers the MUX's queries from a simulated guest's state and carries out its remediation orders. */
final class SimulatedResponder implements GuestResponder {

    static final int MAX_READ = 1024 * 1024;
    static final int MAX_LIST = 10_000;

    private final SimulatedVm vm;

    SimulatedResponder(SimulatedVm vm) {
        this.vm = vm;
    }

    @Override
    public QueryResult answer(Query query) {
        return switch (query.getKindCase()) {
            case FILE_HASH -> withFile(query.getFileHash().getPath(),
                    file -> ok().setFileHash(hash(file.content(), query.getFileHash().getAlgorithm())));
            case FILE_READ -> read(query.getFileRead());
            case FILE_STAT -> withFile(query.getFileStat().getPath(), file -> ok().setFileStat(file.context()));
            case PROCESS_LIST -> ok().setProcessList(ProcessList.newBuilder().addAllProcesses(
                    vm.processes.processes().stream().limit(MAX_LIST).map(vm.processes::context).toList())).build();
            case CONNECTION_LIST -> ok().setConnectionList(ConnectionList.newBuilder().addAllConnections(
                    vm.connections().stream().limit(MAX_LIST).toList())).build();
            default -> QueryResult.newBuilder().setStatus(status(ResultCode.UNSUPPORTED, "unknown query")).build();
        };
    }

    @Override
    public RemediationResult remediate(Remediation order) {
        return switch (order.getActionCase()) {
            case DELETE_FILE -> result(vm.files.delete(order.getDeleteFile().getPath()), "no such file");
            case QUARANTINE_FILE -> result(vm.files.quarantine(order.getQuarantineFile().getPath()), "no such file");
            case KILL_PROCESS -> kill(order.getKillProcess().getPid(), order.getKillProcess().getStartTimeUnixNanos());
            case DENY_ACCESS -> {
                vm.denyAccess(order.getDenyAccess().getPath(), Duration.ofMillis(order.getDenyAccess().getDurationMs()));
                yield result(true, "");
            }
            default -> RemediationResult.newBuilder().setStatus(status(ResultCode.UNSUPPORTED, "unknown action")).build();
        };
    }

    private RemediationResult kill(int pid, long startTime) {
        boolean killed = vm.processes.kill(pid, startTime).isPresent();
        if (killed) {
            vm.closeConnectionsOf(pid);
        }
        return result(killed, "no such process");
    }

    private QueryResult read(FileReadQuery query) {
        if (query.getLength() > MAX_READ) {
            return QueryResult.newBuilder().setStatus(status(ResultCode.TOO_LARGE, "at most 1 MiB per read")).build();
        }
        return withFile(query.getPath(), file -> {
            long offset = Math.min(query.getOffset(), file.size());
            long end = Math.min(file.size(), offset + query.getLength());
            ByteString data = file.content().substring((int) offset, (int) end);
            return ok().setFileBytes(FileBytes.newBuilder().setOffset(offset).setData(data).setEndOfFile(end == file.size()));
        });
    }

    private QueryResult withFile(String path, Function<SimulatedFile, QueryResult.Builder> answer) {
        Optional<SimulatedFile> file = vm.files.file(path);
        return file.map(answer).map(QueryResult.Builder::build)
                .orElseGet(() -> QueryResult.newBuilder().setStatus(status(ResultCode.NOT_FOUND, "no such file")).build());
    }

    static FileHash hash(ByteString content, HashAlgorithm algorithm) {
        HashAlgorithm chosen = algorithm == HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED || algorithm == HashAlgorithm.UNRECOGNIZED
                ? HashAlgorithm.SHA256 : algorithm;
        String name = switch (chosen) {
            case SHA1 -> "SHA-1";
            case MD5 -> "MD5";
            default -> "SHA-256";
        };
        try {
            byte[] digest = MessageDigest.getInstance(name).digest(content.toByteArray());
            return FileHash.newBuilder().setAlgorithm(chosen).setDigest(ByteString.copyFrom(digest)).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + name, e);
        }
    }

    private static QueryResult.Builder ok() {
        return QueryResult.newBuilder().setStatus(status(ResultCode.OK, ""));
    }

    private static RemediationResult result(boolean done, String otherwise) {
        return RemediationResult.newBuilder()
                .setStatus(done ? status(ResultCode.OK, "") : status(ResultCode.NOT_FOUND, otherwise)).build();
    }

    private static Status status(ResultCode code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message).build();
    }
}
