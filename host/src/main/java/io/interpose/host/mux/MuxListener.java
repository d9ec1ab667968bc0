package io.interpose.host.mux;

import io.interpose.protocol.control.DetectionReport;

/**
 * What the Context MUX tells the host agent. Called on MUX threads (a connection's reader): return
 * quickly and never block. Reading {@link ContextMux#health()} from here is safe.
 */
public interface MuxListener {

    /** A service reported a detection for a VM it protects. */
    default void detection(DetectionReport report) {
    }

    /** A guest or SVM connected or disconnected, or an SVM's health changed: {@link ContextMux#health()} differs. */
    default void healthChanged() {
    }
}
