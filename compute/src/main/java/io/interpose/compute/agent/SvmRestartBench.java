package io.interpose.compute.agent;

import io.interpose.compute.lab.LabDatacenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Benchmark with real processes: a lab cluster of 3 hosts runs one service VM each (a shell that prints
 * READY); one SVM is killed with SIGKILL, many times, and the time until its replacement is ready is
 * measured. The same-run baseline is a cold deployment: the time from creating the agency until the
 * first SVM is ready. Prints one JSON line (p50, max, baseline, ratio).
 */
public final class SvmRestartBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The default first restart delay, but forgiven after 1 s ready, so that every kill is a first failure. */
    private static final RestartBackoff BACKOFF = new RestartBackoff(RestartBackoff.DEFAULT.first(), 2.0, Duration.ofSeconds(30),
            Duration.ofSeconds(1));

    private SvmRestartBench() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 10));
    }

    public static String run(int kills) throws Exception {
        Path dir = Files.createTempDirectory("svm-restart-bench");
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        ProcessSvmRuntime runtime = new ProcessSvmRuntime(dir.resolve("svms"), executor);
        try (LabDatacenter lab = LabDatacenter.openDefaultLab(dir.resolve("lab"));
                LabAgentManager agents = LabAgentManager.open(dir.resolve("agents"), lab, runtime,
                        AgentManagerSettings.defaults(executor).withBackoff(BACKOFF))) {
            PackageSource source = PackageSource.directory(dir, 64, "/bin/sh", "-c", "echo READY; exec sleep 3600");
            long start = System.nanoTime();
            agents.createAgency("bench", AgencyConfig.of("Bench", "cluster-1", source), GoalState.ENABLED);
            long firstPid = awaitReady(agents, 0);
            double coldMs = (System.nanoTime() - start) / 1e6;
            double[] restarts = new double[kills];
            long pid = firstPid;
            for (int i = 0; i < kills; i++) {
                long victim = pid;
                long killed = System.nanoTime();
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                pid = awaitReady(agents, victim);
                restarts[i] = (System.nanoTime() - killed) / 1e6;
                awaitSettled();
            }
            Arrays.sort(restarts);
            return String.format(Locale.ROOT, "{\"benchmark\":\"svm-kill-to-ready\",\"runtime\":\"process\",\"kills\":%d,"
                            + "\"ms_p50\":%.0f,\"ms_max\":%.0f,\"baseline\":\"cold deployment of the first SVM\","
                            + "\"baseline_ms\":%.0f,\"ratio_p50_to_baseline\":%.2f}",
                    kills, restarts[kills / 2], restarts[kills - 1], coldMs, restarts[kills / 2] / coldMs);
        } finally {
            runtime.close();
            executor.shutdownNow();
        }
    }

    /** Waits until host-1's SVM is ready with a process other than {@code notPid}; returns its pid. */
    private static long awaitReady(LabAgentManager agents, long notPid) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var agent = agents.agent("bench", "host-1");
            if (agent.isPresent() && agent.get().runtime().ready()) {
                OptionalLong pid = agent.get().runtime().pid();
                if (pid.isPresent() && pid.getAsLong() != notPid) {
                    return pid.getAsLong();
                }
            }
            Thread.onSpinWait();
            Thread.sleep(2);
        }
        throw new IllegalStateException("no ready service VM on host-1 within " + TIMEOUT);
    }

    /** Lets the restart backoff reset between kills, so every kill measures the first restart. */
    private static void awaitSettled() throws InterruptedException {
        Thread.sleep(BACKOFF.resetAfter().toMillis() + 200);
    }
}
