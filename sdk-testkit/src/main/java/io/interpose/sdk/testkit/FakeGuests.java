package io.interpose.sdk.testkit;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.ConnectionList;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessList;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * In-memory guests: files, processes and connections per VM, answering queries from them and applying
 * remediation to them (a deleted or quarantined file is gone; a killed process is gone; denied paths are
 * remembered). Unknown files and processes are {@code NOT_FOUND}; reads over 1 MiB are {@code TOO_LARGE}.
 * Thread-safe.
 */
public final class FakeGuests implements GuestResponder {
    private static final int MAX_READ = 1024 * 1024;

    private final Map<String, Map<String, byte[]>> files = new ConcurrentHashMap<>();
    private final Map<String, List<ProcessContext>> processes = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> quarantined = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();

    /** Puts a file with {@code content} at {@code path} in {@code vmId}. */
    public FakeGuests file(String vmId, String path, byte[] content) {
        files.computeIfAbsent(vmId, k -> new ConcurrentHashMap<>()).put(path, content.clone());
        return this;
    }

    public FakeGuests process(String vmId, ProcessContext process) {
        processes.computeIfAbsent(vmId, k -> new CopyOnWriteArrayList<>()).add(process);
        return this;
    }

    public FakeGuests connection(String vmId, Connection connection) {
        connections.computeIfAbsent(vmId, k -> new CopyOnWriteArrayList<>()).add(connection);
        return this;
    }

    public boolean hasFile(String vmId, String path) {
        return files.getOrDefault(vmId, Map.of()).containsKey(path);
    }

    public Set<String> quarantined(String vmId) {
        return Set.copyOf(quarantined.getOrDefault(vmId, Set.of()));
    }

    public Set<String> deniedPaths(String vmId) {
        return Set.copyOf(denied.getOrDefault(vmId, Set.of()));
    }

    @Override
    public QueryResult query(Query query) {
        String vm = query.getVmId();
        return switch (query.getKindCase()) {
            case FILE_HASH -> withFile(vm, query.getFileHash().getPath(), b -> hash(b, query.getFileHash().getAlgorithm()));
            case FILE_READ -> read(vm, query);
            case FILE_STAT -> withFile(vm, query.getFileStat().getPath(), b -> ok().setFileStat(
                    FileContext.newBuilder().setPath(query.getFileStat().getPath()).setSize(b.length).setMode(0100644)));
            case PROCESS_LIST -> ok().setProcessList(ProcessList.newBuilder().addAllProcesses(processes.getOrDefault(vm, List.of()))).build();
            case CONNECTION_LIST -> ok().setConnectionList(ConnectionList.newBuilder()
                    .addAllConnections(connections.getOrDefault(vm, List.of()))).build();
            default -> QueryResult.newBuilder().setStatus(status(ResultCode.UNSUPPORTED, "unknown query")).build();
        };
    }

    @Override
    public RemediationResult remediate(Remediation remediation) {
        String vm = remediation.getVmId();
        Map<String, byte[]> vmFiles = files.computeIfAbsent(vm, k -> new ConcurrentHashMap<>());
        ResultCode code = switch (remediation.getActionCase()) {
            case DELETE_FILE -> vmFiles.remove(remediation.getDeleteFile().getPath()) == null ? ResultCode.NOT_FOUND : ResultCode.OK;
            case QUARANTINE_FILE -> quarantine(vm, vmFiles, remediation.getQuarantineFile().getPath());
            case KILL_PROCESS -> processes.getOrDefault(vm, List.of())
                    .removeIf(p -> p.getPid() == remediation.getKillProcess().getPid()) ? ResultCode.OK : ResultCode.NOT_FOUND;
            case DENY_ACCESS -> {
                denied.computeIfAbsent(vm, k -> ConcurrentHashMap.newKeySet()).add(remediation.getDenyAccess().getPath());
                yield ResultCode.OK;
            }
            default -> ResultCode.UNSUPPORTED;
        };
        return RemediationResult.newBuilder().setStatus(status(code, "")).build();
    }

    private ResultCode quarantine(String vm, Map<String, byte[]> vmFiles, String path) {
        if (vmFiles.remove(path) == null) {
            return ResultCode.NOT_FOUND;
        }
        quarantined.computeIfAbsent(vm, k -> ConcurrentHashMap.newKeySet()).add(path);
        return ResultCode.OK;
    }

    private QueryResult read(String vm, Query query) {
        var read = query.getFileRead();
        if (read.getLength() > MAX_READ) {
            return QueryResult.newBuilder().setStatus(status(ResultCode.TOO_LARGE, "at most 1 MiB per read")).build();
        }
        return withFile(vm, read.getPath(), b -> {
            int from = (int) Math.min(read.getOffset(), b.length);
            int to = (int) Math.min((long) from + read.getLength(), b.length);
            return ok().setFileBytes(FileBytes.newBuilder().setOffset(from).setData(ByteString.copyFrom(b, from, to - from))
                    .setEndOfFile(to == b.length));
        });
    }

    private QueryResult withFile(String vm, String path, Function<byte[], QueryResult.Builder> answer) {
        byte[] content = files.getOrDefault(vm, Map.of()).get(path);
        return content == null ? QueryResult.newBuilder().setStatus(status(ResultCode.NOT_FOUND, path)).build() : answer.apply(content).build();
    }

    private static QueryResult.Builder hash(byte[] content, HashAlgorithm algorithm) {
        String name = switch (algorithm) {
            case SHA1 -> "SHA-1";
            case MD5 -> "MD5";
            default -> "SHA-256";
        };
        try {
            return ok().setFileHash(FileHash.newBuilder().setAlgorithm(algorithm == HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED
                    ? HashAlgorithm.SHA256 : algorithm).setDigest(ByteString.copyFrom(MessageDigest.getInstance(name).digest(content))));
        } catch (NoSuchAlgorithmException e) {
            return QueryResult.newBuilder().setStatus(status(ResultCode.UNSUPPORTED, name));
        }
    }

    private static QueryResult.Builder ok() {
        return QueryResult.newBuilder().setStatus(status(ResultCode.OK, ""));
    }

    private static Status status(ResultCode code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message).build();
    }
}
