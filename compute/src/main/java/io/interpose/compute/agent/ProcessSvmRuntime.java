package io.interpose.compute.agent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import io.interpose.compute.ovf.OvfEnvironment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each service VM as an operating system process (Linux). For service VM {@code id} it keeps
 * {@code <root>/<id>/}: {@code ovf-env.xml} (its OVF environment), {@code svm.log} (its stdout and
 * stderr, appended across restarts, with lines of our own prefixed {@code [interpose]}) and {@code pid}.
 *
 * <ul>
 *   <li>The command runs in the package directory, through {@code /bin/sh}, which writes {@code pid}
 *       and then {@code exec}s the command (so the pid is on disk even if this JVM dies right after the
 *       fork). Environment: {@code INTERPOSE_SVM_ID}, {@code INTERPOSE_SVM_DIR}, {@code INTERPOSE_OVF_ENV}
 *       (the path of {@code ovf-env.xml}); stdin is {@code /dev/null}.</li>
 *   <li>Ready: the process prints a line {@value #READY_LINE} on stdout.</li>
 *   <li>Memory: the resident memory of the process and its descendants is checked every
 *       {@code memoryCheckPeriod}; over the package's limit the tree is killed (like an OOM kill: the
 *       agent manager then restarts it). A {@code java} command also gets {@code -XX:MaxRAM=<limit>m}
 *       unless it sets {@code -Xmx} or {@code MaxRAM}, so the JVM sizes itself to the limit. No
 *       {@code ulimit -v}: address-space limits break JVMs and many runtimes that reserve more than they use.</li>
 *   <li>Stop: SIGTERM to the process tree, SIGKILL after {@code stopGrace}.</li>
 *   <li>Restart of the agent manager: {@link #reapStale()} kills every process recorded in a
 *       {@code pid} file whose environment names that service VM (so a reused pid is never killed),
 *       and deletes the directories. Running processes are not adopted: their output pipe belonged to
 *       the dead JVM.</li>
 *   <li>End: {@link #close()} stops every process it still runs (all at once: SIGTERM, SIGKILL after
 *       {@code stopGrace}); {@link #abandon()} leaves them running, as a crash would, for the next
 *       runtime's {@link #reapStale()}. After either, {@link #start} is refused and launches nothing; a
 *       start in flight either launches before the end (and is then stopped by {@code close}) or is
 *       refused.</li>
 * </ul>
 */
public final class ProcessSvmRuntime implements SvmRuntime, AutoCloseable {
    public static final String READY_LINE = "READY";
    public static final String OVF_ENV_FILE = "ovf-env.xml";
    public static final String LOG_FILE = "svm.log";
    public static final String PID_FILE = "pid";
    static final String SVM_ID_VARIABLE = "INTERPOSE_SVM_ID";
    private static final String WRAPPER = "echo $$ > \"$1\" && shift && exec \"$@\"";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSvmRuntime.class);

    private final Path root;
    private final Duration stopGrace;
    private final HostPlatform platform;
    private final Map<String, ProcessSvm> running = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> watchdog;
    /** Guards {@link #phase}; held while a start launches its process, so the end cannot miss it. */
    private final Object lifecycle = new Object();
    private Phase phase = Phase.OPEN;

    private enum Phase { OPEN, CLOSED, ABANDONED }

    /** SIGKILL 5 s after SIGTERM; memory checked every second on {@code scheduler}. */
    public ProcessSvmRuntime(Path root, ScheduledExecutorService scheduler) {
        this(root, scheduler, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public ProcessSvmRuntime(Path root, ScheduledExecutorService scheduler, Duration stopGrace, Duration memoryCheckPeriod) {
        this(root, scheduler, stopGrace, memoryCheckPeriod, HostPlatform.NONE);
    }

    /** {@code platform}: the host's own properties, added to each service VM's environment. */
    public ProcessSvmRuntime(Path root, ScheduledExecutorService scheduler, Duration stopGrace, Duration memoryCheckPeriod,
            HostPlatform platform) {
        this.root = root.toAbsolutePath();
        this.stopGrace = stopGrace;
        this.platform = platform;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the service VM directory " + this.root, e);
        }
        long period = memoryCheckPeriod.toNanos();
        this.watchdog = scheduler.scheduleWithFixedDelay(this::enforceMemoryLimits, period, period, TimeUnit.NANOSECONDS);
    }

    /** The directory of service VM {@code svmId}. */
    public Path directory(String svmId) {
        return root.resolve(svmId);
    }

    @Override
    public List<String> reapStale() {
        List<String> reaped = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String svmId = dir.getFileName().toString();
                stale(dir, svmId).ifPresent(process -> {
                    ProcessTree.kill(ProcessTree.of(process));
                    ProcessTree.awaitExit(process, Duration.ofSeconds(5));
                    reaped.add(svmId);
                });
                delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the service VM directory " + root, e);
        }
        return reaped;
    }

    private static Optional<ProcessHandle> stale(Path dir, String svmId) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(PID_FILE), StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> ProcessTree.hasEnvironment(process, SVM_ID_VARIABLE, svmId));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @throws SvmStartException also once this runtime is closed or abandoned (nothing is launched then) */
    @Override
    public RunningSvm start(SvmLaunch launch, SvmListener listener) {
        refuseUnlessOpen(launch);
        Path dir = directory(launch.svmId());
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(PID_FILE));
            writeAtomically(dir.resolve(OVF_ENV_FILE), new OvfEnvironment(launch.svmId(), environment(launch)).toXml());
            ProcessBuilder builder = processBuilder(launch, dir);
            ProcessSvm svm;
            synchronized (lifecycle) {
                refuseUnlessOpen(launch);
                svm = spawn(launch, builder, dir, listener);
            }
            return svm.follow();
        } catch (SvmStartException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SvmStartException("cannot start service VM " + launch.svmId() + " with " + launch.svmPackage().command()
                    + " in " + launch.svmPackage().directory() + ": " + e.getMessage(), e);
        }
    }

    private void refuseUnlessOpen(SvmLaunch launch) {
        synchronized (lifecycle) {
            if (phase != Phase.OPEN) {
                throw new SvmStartException("service VM " + launch.svmId() + " not started: the service VM runtime is "
                        + phase.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Starts the process and registers it; a process that cannot be followed is killed. */
    private ProcessSvm spawn(SvmLaunch launch, ProcessBuilder builder, Path dir, SvmListener listener) throws IOException {
        Process process = builder.start();
        try {
            var svm = new ProcessSvm(launch.svmId(), process, dir.resolve(LOG_FILE), listener, stopGrace,
                    launch.svmPackage().memoryMib());
            running.put(launch.svmId(), svm);
            process.onExit().thenRun(() -> running.remove(launch.svmId(), svm));
            return svm;
        } catch (IOException | RuntimeException e) {
            ProcessTree.kill(ProcessTree.of(process.toHandle()));
            throw e;
        }
    }

    private Map<String, String> environment(SvmLaunch launch) {
        Map<String, String> properties = new TreeMap<>(launch.environment());
        properties.putAll(platform.properties(launch.hostId()));
        return properties;
    }

    private ProcessBuilder processBuilder(SvmLaunch launch, Path dir) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "interpose-svm", dir.resolve(PID_FILE).toString()));
        String environment = dir.resolve(OVF_ENV_FILE).toString();
        command.addAll(withJavaMemory(launch.svmPackage().command(), launch.svmPackage().memoryMib()).stream()
                .map(token -> token.replace(SvmPackage.ENVIRONMENT_FILE, environment)).toList());
        var builder = new ProcessBuilder(command).directory(launch.svmPackage().directory().toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(SVM_ID_VARIABLE, launch.svmId());
        builder.environment().put("INTERPOSE_SVM_DIR", dir.toString());
        builder.environment().put("INTERPOSE_OVF_ENV", dir.resolve(OVF_ENV_FILE).toString());
        return builder;
    }

    /** A {@code java} command gets {@code -XX:MaxRAM} of the limit unless it sizes its heap itself. */
    static List<String> withJavaMemory(List<String> command, int memoryMib) {
        boolean java = Path.of(command.get(0)).getFileName().toString().equals("java");
        boolean sized = command.stream().anyMatch(arg -> arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxRAM="));
        if (!java || sized) {
            return command;
        }
        List<String> sizedCommand = new ArrayList<>(command);
        sizedCommand.add(1, "-XX:MaxRAM=" + memoryMib + "m");
        return sizedCommand;
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void enforceMemoryLimits() {
        try {
            running.values().forEach(ProcessSvm::enforceMemoryLimit);
        } catch (RuntimeException e) {
            LOG.warn("memory check of service VMs failed", e);
        }
    }

    @Override
    public void remove(String svmId) {
        ProcessSvm svm = running.get(svmId);
        if (svm != null && svm.alive()) {
            throw new IllegalStateException("service VM " + svmId + " is still running");
        }
        delete(directory(svmId));
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete service VM directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Refuses further starts, stops checking memory and stops every service VM still running (together:
     * SIGTERM, SIGKILL after {@code stopGrace}); a start in flight is refused or, if it launched first,
     * stopped too. Idempotent; also stops what an {@link #abandon()} left. Survivors are logged.
     */
    @Override
    public void close() {
        List<ProcessSvm> left = end(Phase.CLOSED);
        List<String> survivors = ProcessSvm.stopAll(left, stopGrace);
        if (!survivors.isEmpty()) {
            LOG.warn("service VMs still running after close: {}", survivors);
        }
    }

    /**
     * Refuses further starts and stops checking memory, but leaves every service VM running, as if this
     * JVM had died: the next runtime on the same directory stops them in {@link #reapStale()}. For tests
     * that simulate a crash; the lab always {@link #close()}s.
     */
    public void abandon() {
        end(Phase.ABANDONED);
    }

    /** Moves to {@code next} (a close also ends an abandoned runtime) and returns what still runs. */
    private List<ProcessSvm> end(Phase next) {
        synchronized (lifecycle) {
            if (phase == Phase.OPEN || next == Phase.CLOSED) {
                phase = next;
            }
            watchdog.cancel(false);
            return List.copyOf(running.values());
        }
    }
}
