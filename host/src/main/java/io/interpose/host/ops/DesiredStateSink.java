package io.interpose.host.ops;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.HostHealth;

/**
 * Where the ops agent delivers the host's desired state (the Context MUX) and where it reads the
 * host's health from.
 *
 * <p>The agent calls both methods from its single thread, never concurrently; an implementation must
 * not block for long. If {@link #apply} throws, the agent does not ack that generation and resyncs.
 */
public interface DesiredStateSink {

    /** The whole current desired state, after every change (the receiver diffs it with what it has). */
    void apply(DesiredState fullState);

    /** The host's health now: MUX up, each SVM and each thin agent connected or not. */
    HostHealth health();
}
