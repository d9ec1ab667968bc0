package io.interpose.compute.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * One start of an agent's service VM and what its runtime reported about it. Fields are guarded by the
 * agent manager's lock.
 */
final class Launch {
    final SvmSpec spec;
    private RunningSvm svm;
    private Instant readyAt;
    private Instant exitedAt;
    private int exitCode;
    private boolean stopping;

    Launch(SvmSpec spec) {
        this.spec = spec;
    }

    Optional<RunningSvm> svm() {
        return Optional.ofNullable(svm);
    }

    void started(RunningSvm started) {
        if (svm == null) {
            svm = started;
        }
    }

    void becameReady(RunningSvm started, Instant at) {
        started(started);
        if (readyAt == null && exitedAt == null) {
            readyAt = at;
        }
    }

    void exited(RunningSvm started, int code, Instant at) {
        started(started);
        if (exitedAt == null) {
            exitedAt = at;
            exitCode = code;
        }
    }

    /** The agent manager asked it to stop: its exit is not a crash. */
    void stopping() {
        stopping = true;
    }

    boolean ready() {
        return readyAt != null && exitedAt == null;
    }

    boolean exited() {
        return exitedAt != null;
    }

    /** It exited without being asked to. */
    boolean crashed() {
        return exitedAt != null && !stopping;
    }

    Optional<Instant> readyAt() {
        return Optional.ofNullable(readyAt);
    }

    Instant exitedAt() {
        return exitedAt;
    }

    int exitCode() {
        return exitCode;
    }
}
