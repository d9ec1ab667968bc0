package io.interpose.host.ops;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.HostHealth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A sink that records every state it is given and reports the health the test sets. */
final class RecordingSink implements DesiredStateSink {
    private final List<DesiredState> applied = new CopyOnWriteArrayList<>();
    private final AtomicReference<HostHealth> health = new AtomicReference<>(HostHealth.newBuilder().setMuxUp(true).build());

    private final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    public void apply(DesiredState fullState) {
        if (failNext.getAndSet(false)) {
            throw new IllegalStateException("the MUX is not ready");
        }
        applied.add(fullState);
    }

    /** The next {@link #apply} throws. */
    void failNext() {
        failNext.set(true);
    }

    @Override
    public HostHealth health() {
        return health.get();
    }

    void setHealth(HostHealth value) {
        health.set(value);
    }

    List<DesiredState> applied() {
        return applied;
    }

    List<Long> generations() {
        return applied.stream().map(DesiredState::getGeneration).toList();
    }

    DesiredState last() {
        return applied.get(applied.size() - 1);
    }
}
