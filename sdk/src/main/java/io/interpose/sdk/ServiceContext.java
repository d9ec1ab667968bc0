package io.interpose.sdk;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a service can do towards the MUX and the guests it protects. Thread-safe; every method returns at
 * once.
 *
 * <p>Queries and remediation return futures that complete with the typed result, or exceptionally with a
 * {@link GuestRequestException} naming the {@code ResultCode}: the guest's or MUX's answer,
 * {@code UNAVAILABLE} when the MUX is not connected (or the connection drops before the answer),
 * {@code TIMEOUT} when no answer comes within the deadline plus one second. Futures complete on the SDK's
 * result thread: stages that block or take long should use the {@code *Async} variants.
 */
public interface ServiceContext {

    /** The hash of a file in the guest. */
    CompletableFuture<FileHash> fileHash(String vmId, String path, HashAlgorithm algorithm);

    /** Up to {@code length} bytes (at most 1 MiB) of a file in the guest, from {@code offset}. */
    CompletableFuture<FileBytes> readFile(String vmId, String path, long offset, int length);

    /** A file's metadata in the guest. */
    CompletableFuture<FileContext> statFile(String vmId, String path);

    /** The guest's processes. */
    CompletableFuture<List<ProcessContext>> processes(String vmId);

    /** The guest's network connections. */
    CompletableFuture<List<Connection>> connections(String vmId);

    /** Deletes a file in the guest. */
    CompletableFuture<Void> deleteFile(String vmId, String path);

    /** Moves a file in the guest where nothing can open it (kept for restore). */
    CompletableFuture<Void> quarantineFile(String vmId, String path);

    /** Kills a process, only if its start time matches when {@code startTimeUnixNanos} is not 0. */
    CompletableFuture<Void> killProcess(String vmId, int pid, long startTimeUnixNanos);

    /** Denies every further open of a file for {@code duration} ({@link Duration#ZERO}: until the thin agent restarts). */
    CompletableFuture<Void> denyAccess(String vmId, String path, Duration duration);

    /**
     * Reports the service's health (reason at most 500 characters). Remembered and sent again after every
     * reconnect; {@code UNHEALTHY} makes the MUX apply the failure policy at once.
     */
    void reportHealth(HealthState state, String reason);

    /** Reports a finding; false if it could not be sent (no session with the MUX, or the send queue is full). */
    boolean reportDetection(Detection detection);

    /** The VMs this service protects now, by VM id. A snapshot. */
    Map<String, ProtectedVm> protectedVms();

    /** One protected VM, if protected. */
    Optional<ProtectedVm> protectedVm(String vmId);

    /** Whether a session with the MUX is established now. */
    boolean connected();
}
