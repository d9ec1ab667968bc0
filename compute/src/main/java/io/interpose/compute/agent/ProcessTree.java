package io.interpose.compute.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Operating system process facts the process runtime needs, read from {@code /proc} on Linux. */
final class ProcessTree {
    private ProcessTree() {}

    /** The process and its descendants (collected before anything is killed: orphans get re-parented). */
    static List<ProcessHandle> of(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    /**
     * Sends SIGTERM to the tree, waits up to {@code grace}, then SIGKILLs what is left and waits up to
     * {@code patience} more; true if the root process is gone.
     */
    static boolean stop(ProcessHandle root, Duration grace, Duration patience) {
        return stopAll(List.of(root), grace, patience);
    }

    /** As {@link #stop} for several trees at once (one grace for all); true if every root is gone. */
    static boolean stopAll(List<ProcessHandle> roots, Duration grace, Duration patience) {
        List<ProcessHandle> trees = roots.stream().flatMap(root -> of(root).stream()).toList();
        trees.forEach(ProcessHandle::destroy);
        if (!awaitExit(roots, grace)) {
            kill(trees);
        }
        return awaitExit(roots, patience);
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return processes.stream().allMatch(process -> awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }

    /** SIGKILLs every process of {@code tree}. */
    static void kill(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Resident memory of the process and its descendants in bytes; 0 where {@code /proc} cannot tell. */
    static long residentBytes(ProcessHandle root) {
        return of(root).stream().mapToLong(ProcessTree::residentBytesOf).sum();
    }

    private static long residentBytesOf(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** True if the process was started with {@code variable=value} in its environment (readable for our own processes). */
    static boolean hasEnvironment(ProcessHandle process, String variable, String value) {
        try {
            String environ = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ")),
                    StandardCharsets.UTF_8);
            return Stream.of(environ.split("\0")).anyMatch(entry -> entry.equals(variable + "=" + value));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
