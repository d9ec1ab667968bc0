package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service VMs as real processes: environment, log, readiness, exit, stop, memory limit, close, abandon, reaping. */
class ProcessSvmRuntimeIT {
    private static final String SCRIPT = """
            #!/bin/sh
            echo "cwd=$(pwd)"
            echo "ovf=$INTERPOSE_OVF_ENV"
            echo "complaint" >&2
            echo READY
            exec sleep 600
            """;

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private ProcessSvmRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.reapStale();
            runtime.close();
        }
        scheduler.shutdownNow();
    }

    private Path packageDirectory() throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("package"));
        Path script = Files.writeString(pkg.resolve("run.sh"), SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return pkg;
    }

    /** Live processes started for {@code svmId} (by their environment). */
    static List<ProcessHandle> processesOf(String svmId) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> ProcessTree.hasEnvironment(p, ProcessSvmRuntime.SVM_ID_VARIABLE, svmId)).toList();
    }

    private static SvmLaunch launch(String svmId, Path pkg, int memoryMib, String... command) {
        return new SvmLaunch(svmId, "epp", "h1", "EPP-h1", new SvmPackage(pkg, List.of(command), memoryMib),
                Map.of("vendor_template_key", "gold & <silver>"));
    }

    @Test
    void aServiceVmRunsInItsPackageWithItsOvfEnvironmentAndLogsItsOutput() throws Exception {
        Path pkg = packageDirectory();
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        var recorder = new SvmRecorder();

        RunningSvm svm = runtime.start(launch("epp@h1", pkg, 64, pkg.resolve("run.sh").toString()), recorder);

        assertThat(recorder.ready.get(10, TimeUnit.SECONDS)).isSameAs(svm);
        Path svmDir = runtime.directory("epp@h1");
        assertThat(svm.pid()).hasValue(Long.parseLong(Files.readString(svmDir.resolve("pid")).strip()));
        assertThat(ProcessHandle.of(svm.pid().orElseThrow())).get().matches(ProcessHandle::isAlive);
        assertThat(Files.readString(svmDir.resolve("ovf-env.xml"))).contains("oe:key=\"vendor_template_key\" oe:value=\"gold &amp; &lt;silver&gt;\"");
        assertThat(Files.readString(svmDir.resolve("svm.log"))).contains("cwd=" + pkg, "ovf=" + svmDir.resolve("ovf-env.xml"),
                "complaint", "READY", "[interpose]", "started, pid " + svm.pid().orElseThrow());

        assertThat(svm.stop()).isTrue();
        assertThat(recorder.exited.get(10, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(svm.alive()).isFalse();
        assertThat(Files.readString(svmDir.resolve("svm.log"))).contains("exited with code 143");
        runtime.remove("epp@h1");
        assertThat(svmDir).doesNotExist();
    }

    @Test
    void theHostAddsItsOwnPropertiesToTheEnvironment() throws Exception {
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler, Duration.ofSeconds(1), Duration.ofSeconds(1),
                hostId -> Map.of("interpose.mux.address", "127.0.0.1:7" + hostId.length()));
        var recorder = new SvmRecorder();

        runtime.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), recorder);

        recorder.ready.get(10, TimeUnit.SECONDS);
        assertThat(Files.readString(runtime.directory("epp@h1").resolve("ovf-env.xml")))
                .contains("oe:key=\"interpose.mux.address\" oe:value=\"127.0.0.1:72\"", "oe:key=\"vendor_template_key\"");
    }

    @Test
    void anExitIsReportedWithItsCode() throws Exception {
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        var recorder = new SvmRecorder();

        runtime.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exit 3"), recorder);

        assertThat(recorder.exited.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(recorder.ready).isCompleted();
    }

    @Test
    void aServiceVmOverItsMemoryLimitIsKilled() throws Exception {
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler, Duration.ofSeconds(1), Duration.ofMillis(100));
        var recorder = new SvmRecorder();

        runtime.start(launch("epp@h1", dir, 16, "sh", "-c",
                "echo READY; x=$(head -c 64000000 /dev/zero | tr '\\0' a); exec sleep 600"), recorder);

        assertThat(recorder.exited.get(30, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(Files.readString(runtime.directory("epp@h1").resolve("svm.log"))).contains("exceeds the limit of 16 MiB: killed");
    }

    @Test
    void aNewRuntimeKillsTheServiceVmsAnEarlierRunLeftAndNothingElse() throws Exception {
        var earlier = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        var recorder = new SvmRecorder();
        RunningSvm left = earlier.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), recorder);
        recorder.ready.get(10, TimeUnit.SECONDS);
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        Path decoy = Files.createDirectories(dir.resolve("svms").resolve("epp@h2"));
        Files.writeString(decoy.resolve("pid"), Long.toString(unrelated.pid()));
        earlier.abandon();

        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        List<String> reaped = runtime.reapStale();

        assertThat(reaped).containsExactly("epp@h1");
        assertThat(recorder.exited.get(10, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(left.alive()).isFalse();
        assertThat(unrelated.isAlive()).as("a process without the service VM's environment is not ours").isTrue();
        assertThat(dir.resolve("svms")).isEmptyDirectory();
        unrelated.destroyForcibly();
    }

    @Test
    void closingStopsEveryServiceVmItStillRunsEvenOneThatIgnoresSigterm() throws Exception {
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler, Duration.ofMillis(500), Duration.ofSeconds(1));
        var polite = new SvmRecorder();
        var stubborn = new SvmRecorder();
        RunningSvm first = runtime.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), polite);
        RunningSvm second = runtime.start(launch("epp@h2", dir, 64, "sh", "-c", "trap '' TERM; echo READY; exec sleep 600"), stubborn);
        polite.ready.get(10, TimeUnit.SECONDS);
        stubborn.ready.get(10, TimeUnit.SECONDS);

        runtime.close();

        assertThat(first.alive()).isFalse();
        assertThat(second.alive()).isFalse();
        assertThat(processesOf("epp@h1")).isEmpty();
        assertThat(processesOf("epp@h2")).isEmpty();
        assertThat(polite.exited.get(10, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(stubborn.exited.get(10, TimeUnit.SECONDS)).as("killed after the grace").isEqualTo(137);
    }

    @Test
    void aStartAfterCloseIsRefusedAndLaunchesNothing() {
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        runtime.close();

        assertThatThrownBy(() -> runtime.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), new SvmRecorder()))
                .isInstanceOf(SvmStartException.class).hasMessageContaining("epp@h1").hasMessageContaining("closed");
        assertThat(processesOf("epp@h1")).isEmpty();
    }

    @Test
    void aStartInFlightWhenTheRuntimeClosesLaunchesNothing() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        HostPlatform slowHost = hostId -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        };
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler, Duration.ofSeconds(1), Duration.ofSeconds(1), slowHost);
        CompletableFuture<RunningSvm> start = CompletableFuture.supplyAsync(
                () -> runtime.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), new SvmRecorder()));
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the start is in flight").isTrue();

        runtime.close();
        release.countDown();

        assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SvmStartException.class).hasMessageContaining("closed");
        assertThat(processesOf("epp@h1")).isEmpty();
    }

    @Test
    void abandoningLeavesServiceVmsRunningForTheNextRuntimeToReapAndRefusesStarts() throws Exception {
        var earlier = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        var recorder = new SvmRecorder();
        RunningSvm left = earlier.start(launch("epp@h1", dir, 64, "sh", "-c", "echo READY; exec sleep 600"), recorder);
        recorder.ready.get(10, TimeUnit.SECONDS);

        earlier.abandon();

        assertThat(left.alive()).as("abandoned, not stopped").isTrue();
        assertThatThrownBy(() -> earlier.start(launch("epp@h2", dir, 64, "sh", "-c", "exec sleep 600"), new SvmRecorder()))
                .isInstanceOf(SvmStartException.class).hasMessageContaining("abandoned");
        assertThat(processesOf("epp@h2")).isEmpty();
        runtime = new ProcessSvmRuntime(dir.resolve("svms"), scheduler);
        assertThat(runtime.reapStale()).containsExactly("epp@h1");
        assertThat(left.alive()).isFalse();
    }
}
