package io.interpose.compute.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service VM process: copies its output (stdout and stderr, merged) line by line into its log,
 * reports ready on the first line {@value ProcessSvmRuntime#READY_LINE}, and reports its exit (from
 * {@link Process#onExit()}) after a line of its own in the log.
 */
final class ProcessSvm implements RunningSvm {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSvm.class);
    private static final Duration DRAIN = Duration.ofMillis(200);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final String svmId;
    private final Process process;
    private final SvmListener listener;
    private final OutputStream log;
    private final Duration stopGrace;
    private final long memoryLimitBytes;
    private final AtomicBoolean readyReported = new AtomicBoolean();
    private final Thread pump;

    ProcessSvm(String svmId, Process process, Path logFile, SvmListener listener, Duration stopGrace, int memoryMib) throws IOException {
        this.svmId = svmId;
        this.process = process;
        this.listener = listener;
        this.stopGrace = stopGrace;
        this.memoryLimitBytes = memoryMib * 1024L * 1024L;
        this.log = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.pump = new Thread(this::pumpOutput, "svm-" + svmId + "-output");
        pump.setDaemon(true);
    }

    /** Starts copying output and watching for the exit. */
    ProcessSvm follow() {
        note("started, pid " + process.pid());
        pump.start();
        process.onExit().thenRun(this::exited);
        return this;
    }

    @Override
    public String svmId() {
        return svmId;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public boolean stop() {
        note("stopping");
        return ProcessTree.stop(process.toHandle(), stopGrace, STOP_PATIENCE);
    }

    /** Stops {@code svms} together (SIGTERM to all, SIGKILL after {@code grace}); returns the ids still running. */
    static List<String> stopAll(List<ProcessSvm> svms, Duration grace) {
        svms.forEach(svm -> svm.note("stopping: the runtime is closing"));
        ProcessTree.stopAll(svms.stream().map(svm -> svm.process.toHandle()).toList(), grace, STOP_PATIENCE);
        return svms.stream().filter(ProcessSvm::alive).map(ProcessSvm::svmId).toList();
    }

    /** Kills the process tree if it holds more resident memory than its limit; true if it did. */
    boolean enforceMemoryLimit() {
        long resident = ProcessTree.residentBytes(process.toHandle());
        if (resident <= memoryLimitBytes || !process.isAlive()) {
            return false;
        }
        note("resident memory " + resident / (1024 * 1024) + " MiB exceeds the limit of "
                + memoryLimitBytes / (1024 * 1024) + " MiB: killed");
        ProcessTree.kill(ProcessTree.of(process.toHandle()));
        return true;
    }

    private void pumpOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                write(line + "\n");
                if (line.strip().equals(ProcessSvmRuntime.READY_LINE) && readyReported.compareAndSet(false, true)) {
                    listener.ready(this);
                }
            }
        } catch (IOException e) {
            LOG.debug("output of service VM {} ended: {}", svmId, e.toString());
        }
    }

    private void exited() {
        try {
            pump.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        note("exited with code " + process.exitValue());
        closeLog();
        listener.exited(this, process.exitValue());
    }

    private void note(String what) {
        write("[interpose] " + Instant.now() + " service VM " + svmId + " " + what + "\n");
    }

    private synchronized void write(String text) {
        try {
            log.write(text.getBytes(StandardCharsets.UTF_8));
            log.flush();
        } catch (IOException e) {
            LOG.debug("cannot write the log of service VM {}: {}", svmId, e.toString());
        }
    }

    private synchronized void closeLog() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.debug("cannot close the log of service VM {}: {}", svmId, e.toString());
        }
    }
}
