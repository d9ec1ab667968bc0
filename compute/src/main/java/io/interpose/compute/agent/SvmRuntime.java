package io.interpose.compute.agent;

import java.util.List;

/**
 * Runs service VMs: {@link ProcessSvmRuntime} as operating system processes, {@link SimulatedSvmRuntime}
 * without any (scale runs and fast tests). The agent manager never asks a runtime to start a service VM
 * whose previous start is still alive.
 */
public interface SvmRuntime {

    /**
     * Stops every service VM left running by an earlier agent manager (a crash, a kill) and forgets
     * them; returns their ids. The agent manager calls it once when it opens, before it starts any.
     * Running service VMs are not adopted: they are redeployed.
     */
    List<String> reapStale();

    /**
     * Starts a service VM; its readiness and exit are reported to {@code listener}.
     *
     * @throws SvmStartException if it cannot be started
     */
    RunningSvm start(SvmLaunch launch, SvmListener listener);

    /** Deletes what starting {@code svmId} left behind (its directory); it is no longer running. */
    void remove(String svmId);
}
