package io.interpose.sdk;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.ConnectionListQuery;
import io.interpose.protocol.gi.DeleteFile;
import io.interpose.protocol.gi.DenyAccess;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.FileStatQuery;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.KillProcess;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessListQuery;
import io.interpose.protocol.gi.QuarantineFile;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.ServiceHealth;
import io.interpose.protocol.gi.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;

/** The {@link ServiceContext} of one client: the protection set, requests waiting for results, the health to re-send. */
final class ClientContext implements ServiceContext {
    private static final int MAX_HEALTH_REASON = 500;
    private static final int MAX_WAITING_REQUESTS = 10_000;

    private final Map<String, ProtectedVm> protectedVms = new ConcurrentHashMap<>();
    final Requests<QueryResult> queries;
    final Requests<RemediationResult> remediations;
    private final ScheduledExecutorService timer;
    private final Duration requestTimeout;
    private volatile Session session;
    private volatile PartnerFrame health;

    ClientContext(ScheduledExecutorService timer, Executor results, Duration requestTimeout) {
        this.timer = timer;
        this.requestTimeout = requestTimeout;
        this.queries = new Requests<>(results, MAX_WAITING_REQUESTS);
        this.remediations = new Requests<>(results, MAX_WAITING_REQUESTS);
    }

    @Override
    public CompletableFuture<FileHash> fileHash(String vmId, String path, HashAlgorithm algorithm) {
        return query(vmId, q -> q.setFileHash(FileHashQuery.newBuilder().setPath(path).setAlgorithm(algorithm)), QueryResult::getFileHash);
    }

    @Override
    public CompletableFuture<FileBytes> readFile(String vmId, String path, long offset, int length) {
        return query(vmId, q -> q.setFileRead(FileReadQuery.newBuilder().setPath(path).setOffset(offset).setLength(length)),
                QueryResult::getFileBytes);
    }

    @Override
    public CompletableFuture<FileContext> statFile(String vmId, String path) {
        return query(vmId, q -> q.setFileStat(FileStatQuery.newBuilder().setPath(path)), QueryResult::getFileStat);
    }

    @Override
    public CompletableFuture<List<ProcessContext>> processes(String vmId) {
        return query(vmId, q -> q.setProcessList(ProcessListQuery.getDefaultInstance()), r -> r.getProcessList().getProcessesList());
    }

    @Override
    public CompletableFuture<List<Connection>> connections(String vmId) {
        return query(vmId, q -> q.setConnectionList(ConnectionListQuery.getDefaultInstance()),
                r -> r.getConnectionList().getConnectionsList());
    }

    @Override
    public CompletableFuture<Void> deleteFile(String vmId, String path) {
        return remediate(vmId, r -> r.setDeleteFile(DeleteFile.newBuilder().setPath(path)));
    }

    @Override
    public CompletableFuture<Void> quarantineFile(String vmId, String path) {
        return remediate(vmId, r -> r.setQuarantineFile(QuarantineFile.newBuilder().setPath(path)));
    }

    @Override
    public CompletableFuture<Void> killProcess(String vmId, int pid, long startTimeUnixNanos) {
        return remediate(vmId, r -> r.setKillProcess(KillProcess.newBuilder().setPid(pid).setStartTimeUnixNanos(startTimeUnixNanos)));
    }

    @Override
    public CompletableFuture<Void> denyAccess(String vmId, String path, Duration duration) {
        int millis = (int) Math.min(duration.toMillis(), 0xFFFF_FFFFL);
        return remediate(vmId, r -> r.setDenyAccess(DenyAccess.newBuilder().setPath(path).setDurationMs(millis)));
    }

    @Override
    public void reportHealth(HealthState state, String reason) {
        String text = reason == null ? "" : reason.length() > MAX_HEALTH_REASON ? reason.substring(0, MAX_HEALTH_REASON) : reason;
        PartnerFrame frame = PartnerFrame.newBuilder().setHealth(ServiceHealth.newBuilder().setState(state).setReason(text)).build();
        health = frame;
        Session current = session;
        if (current != null) {
            current.offer(frame);
        }
    }

    @Override
    public boolean reportDetection(Detection detection) {
        Session current = session;
        return current != null && current.offer(DetectionFrames.of(detection));
    }

    @Override
    public Map<String, ProtectedVm> protectedVms() {
        return Map.copyOf(protectedVms);
    }

    @Override
    public Optional<ProtectedVm> protectedVm(String vmId) {
        return Optional.ofNullable(protectedVms.get(vmId));
    }

    @Override
    public boolean connected() {
        return session != null;
    }

    Map<String, ProtectedVm> protectionSet() {
        return protectedVms;
    }

    Optional<PartnerFrame> lastHealth() {
        return Optional.ofNullable(health);
    }

    void established(Session established) {
        session = established;
    }

    /** The session ended: nothing waits for it any more. */
    void ended(Session ended) {
        if (session == ended) {
            session = null;
        }
        queries.failAll(ResultCode.UNAVAILABLE, "the connection to the MUX was lost");
        remediations.failAll(ResultCode.UNAVAILABLE, "the connection to the MUX was lost");
    }

    private <T> CompletableFuture<T> query(String vmId, Function<Query.Builder, Query.Builder> kind, Function<QueryResult, T> result) {
        int deadline = (int) requestTimeout.toMillis();
        CompletableFuture<QueryResult> raw = send(queries, id -> PartnerFrame.newBuilder()
                .setQuery(kind.apply(Query.newBuilder().setId(id).setVmId(vmId).setDeadlineMs(deadline))).build());
        return raw.thenApply(r -> result.apply(succeeded(r, r.getStatus())));
    }

    private CompletableFuture<Void> remediate(String vmId, Function<Remediation.Builder, Remediation.Builder> action) {
        CompletableFuture<RemediationResult> raw = send(remediations, id -> PartnerFrame.newBuilder()
                .setRemediation(action.apply(Remediation.newBuilder().setId(id).setVmId(vmId))).build());
        return raw.thenApply(r -> {
            succeeded(r, r.getStatus());
            return null;
        });
    }

    private <R> CompletableFuture<R> send(Requests<R> requests, LongFunction<PartnerFrame> frame) {
        CompletableFuture<R> future = new CompletableFuture<>();
        long id = requests.register(future);
        if (id < 0) {
            return CompletableFuture.failedFuture(new GuestRequestException(ResultCode.UNAVAILABLE, "too many requests waiting for results"));
        }
        Session current = session;
        if (current == null || !current.sendNow(frame.apply(id))) {
            requests.fail(id, ResultCode.UNAVAILABLE, current == null ? "not connected to the MUX" : "the send queue is full");
            return future;
        }
        long waitMillis = requestTimeout.toMillis() + 1000;
        ScheduledFuture<?> timeout = timer.schedule(() -> requests.fail(id, ResultCode.TIMEOUT, "no result within " + waitMillis + " ms"),
                waitMillis, TimeUnit.MILLISECONDS);
        future.whenComplete((r, e) -> timeout.cancel(false));
        return future;
    }

    private static <R> R succeeded(R result, Status status) {
        if (status.getCode() != ResultCode.OK) {
            throw new GuestRequestException(status.getCode(), status.getMessage());
        }
        return result;
    }
}
