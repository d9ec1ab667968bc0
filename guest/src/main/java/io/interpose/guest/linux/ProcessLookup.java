package io.interpose.guest.linux;

import io.interpose.protocol.gi.ProcessContext;
import java.util.Optional;

/**
 * The context of a live process, by pid. Called on the thread that holds file opens waiting for an
 * answer: it must read only what no mark covers (procfs) and return quickly; empty when the process is
 * gone.
 */
@FunctionalInterface
public interface ProcessLookup {

    Optional<ProcessContext> process(int pid);
}
