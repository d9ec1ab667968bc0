package io.interpose.host.ops;

import com.google.protobuf.InvalidProtocolBufferException;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The desired state this host has applied, and its copy on disk ({@value #FILE}: the binary
 * {@link DesiredState}, written atomically and forced to disk). Applying a snapshot replaces it;
 * applying a delta merges it (upserts replace whole entries by key, removals delete them) only if its
 * base generation is the current one. Not thread-safe: the agent's thread owns it.
 */
final class AppliedState {
    static final String FILE = "desired-state.bin";

    /** The result of applying one message from the manager. */
    sealed interface Outcome {
        /** The message was applied; {@code state} is the whole new state. */
        record Applied(DesiredState state) implements Outcome {}

        /** A delta that does not follow the current generation; nothing changed. */
        record OutOfOrder(long current, long base) implements Outcome {}
    }

    private final Path file;
    private Optional<DesiredState> current;

    private AppliedState(Path file, Optional<DesiredState> current) {
        this.file = file;
        this.current = current;
    }

    /**
     * The state saved in {@code dataDir}, or none.
     *
     * @throws InvalidProtocolBufferException if the file exists but does not hold a desired state
     */
    static AppliedState load(Path dataDir) throws InvalidProtocolBufferException {
        Path file = dataDir.resolve(FILE);
        Optional<byte[]> bytes = OwnerOnlyFiles.read(file);
        return new AppliedState(file, bytes.isEmpty() ? Optional.empty() : Optional.of(DesiredState.parseFrom(bytes.get())));
    }

    /** No state, for when the saved one cannot be read; the next snapshot is written over it. */
    static AppliedState empty(Path dataDir) {
        return new AppliedState(dataDir.resolve(FILE), Optional.empty());
    }

    Optional<DesiredState> current() {
        return current;
    }

    long generation() {
        return current.map(DesiredState::getGeneration).orElse(0L);
    }

    Outcome applySnapshot(DesiredState snapshot) {
        current = Optional.of(snapshot);
        return new Outcome.Applied(snapshot);
    }

    Outcome applyDelta(DesiredStateDelta delta) {
        if (current.isEmpty() || delta.getBaseGeneration() != generation()) {
            return new Outcome.OutOfOrder(generation(), delta.getBaseGeneration());
        }
        DesiredState merged = merge(current.get(), delta);
        current = Optional.of(merged);
        return new Outcome.Applied(merged);
    }

    /** Writes the current state to disk (atomically, forced); nothing if there is none. */
    void persist() {
        current.ifPresent(state -> OwnerOnlyFiles.write(file, state.toByteArray()));
    }

    static DesiredState merge(DesiredState base, DesiredStateDelta delta) {
        return base.toBuilder()
                .setGeneration(delta.getGeneration())
                .clearVms().addAllVms(merge(base.getVmsList(), delta.getUpsertVmsList(),
                        delta.getRemovedVmIdsList(), VmProtection::getVmId))
                .clearServices().addAllServices(merge(base.getServicesList(), delta.getUpsertServicesList(),
                        delta.getRemovedServiceIdsList(), ServiceSettings::getServiceId))
                .clearEndpoints().addAllEndpoints(merge(base.getEndpointsList(), delta.getUpsertEndpointsList(),
                        delta.getRemovedDeploymentIdsList(), ServiceEndpoint::getDeploymentId))
                .build();
    }

    /**
     * Removals first, then upserts (a key in both ends up upserted). Entries keep their order; an upserted
     * entry replaces the old one in place, a new one goes last.
     */
    private static <T> Collection<T> merge(List<T> base, List<T> upserts, List<String> removed, Function<T, String> key) {
        Map<String, T> byKey = new LinkedHashMap<>();
        base.forEach(entry -> byKey.put(key.apply(entry), entry));
        removed.forEach(byKey::remove);
        upserts.forEach(entry -> byKey.put(key.apply(entry), entry));
        return byKey.values();
    }
}
