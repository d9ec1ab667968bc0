package io.interpose.lab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the benchmark in a child JVM with fixed settings, so that the result does not depend on how the
 * {@code interpose} command was started: Parallel GC with a 2 GiB heap and a 1 GiB young generation (see
 * docs/benchmarks.md for why). The child's output is passed through; its JSON summary line is returned.
 */
final class BenchFork {

    /** The child's JVM options. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-Xms2g", "-Xmx2g", "-Xmn1g");
    static final String CHILD_PROPERTY = "interpose.bench.gi.child";
    /** How the summary line starts (log lines of closing threads may follow it). */
    static final String SUMMARY_PREFIX = "{\"benchmark\":\"gi\"";

    private BenchFork() {
    }

    static boolean inChild() {
        return Boolean.getBoolean(CHILD_PROPERTY);
    }

    /**
     * Runs {@code GiBench} with {@code args} in a child JVM, passes every line but the summary to {@code progress}
     * and returns the summary.
     *
     * @throws IllegalStateException if the child fails or prints nothing
     */
    static String run(List<String> args, Consumer<String> progress) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GiBench.class.getName());
        command.addAll(args);
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String summary = passThrough(child, progress);
            int exit = child.waitFor();
            if (exit != 0 || summary == null) {
                throw new IllegalStateException("the benchmark's JVM failed (exit " + exit + ")");
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark's JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String passThrough(Process child, Consumer<String> progress) throws IOException {
        String summary = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(SUMMARY_PREFIX)) {
                    summary = line;
                } else {
                    progress.accept(line);
                }
            }
        }
        return summary;
    }

    /** This JVM's options as given on its command line. */
    static String jvmOptions() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-D")).toList()).replace("\\", "/").replace("\"", "'");
    }
}
