package io.interpose.compute.agent;

import io.interpose.compute.lab.LabDatacenter;
import io.interpose.compute.ovf.OvfLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The lab's agent manager, wired the way the lab runs it: service VMs are real processes (under
 * {@code directory/svms}), packages are OVF appliances (cached under {@code directory/packages}),
 * NIC addresses come from the lab's IP pools, and the lab powers workloads on only once a host's
 * service VMs are ready. Closing it stops every service VM and its threads.
 */
public final class LabAgents implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final ProcessSvmRuntime runtime;
    private final LabAgentManager manager;

    private LabAgents(ScheduledExecutorService executor, ProcessSvmRuntime runtime, LabAgentManager manager) {
        this.executor = executor;
        this.runtime = runtime;
        this.manager = manager;
    }

    public static LabAgents open(Path directory, LabDatacenter lab) {
        return open(directory, lab, HostPlatform.NONE);
    }

    /** As {@link #open(Path, LabDatacenter)}, with what each lab host adds to its service VMs' environment. */
    public static LabAgents open(Path directory, LabDatacenter lab, HostPlatform platform) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "lab-agents");
            thread.setDaemon(true);
            return thread;
        });
        ProcessSvmRuntime runtime = new ProcessSvmRuntime(directory.resolve("svms"), executor, Duration.ofSeconds(5),
                Duration.ofSeconds(1), platform);
        AgentManagerSettings settings = AgentManagerSettings.defaults(executor)
                .withPackages(new OvfPackages(directory.resolve("packages"), OvfLimits.defaults()))
                .withNetworks(lab);
        LabAgentManager manager = LabAgentManager.open(directory.resolve("state"), lab, runtime, settings);
        lab.setPowerOnGate(manager);
        return new LabAgents(executor, runtime, manager);
    }

    public LabAgentManager manager() {
        return manager;
    }

    /** Where service VM {@code svmId} keeps its {@code ovf-env.xml} and log. */
    public Path svmDirectory(String svmId) {
        return runtime.directory(svmId);
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            runtime.close();
            executor.shutdownNow();
        }
    }
}
