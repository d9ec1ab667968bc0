package io.interpose.compute.agent;

import java.util.OptionalLong;

/** One start of a service VM, until it exits. Thread-safe. */
public interface RunningSvm {
    String svmId();

    /** The operating system process id, if the runtime runs processes. */
    OptionalLong pid();

    boolean alive();

    /**
     * Stops the service VM (politely, then forcibly) and waits for it to exit. Returns false only if it
     * is still running after the runtime's patience; the caller must then not start another for its host.
     */
    boolean stop();
}
