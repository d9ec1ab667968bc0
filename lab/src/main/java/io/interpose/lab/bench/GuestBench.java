package io.interpose.lab.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.guest.link.CurrentInterest;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.linux.GuardCounters;
import io.interpose.guest.linux.MarkScope;
import io.interpose.guest.linux.ThinAgent;
import io.interpose.guest.linux.Tmpfs;
import io.interpose.manager.api.Json;
import io.interpose.protocol.gi.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Linux thin agent costs a program that opens files ({@code interpose bench guest}, root only):
 * a child process opens and closes files on a tmpfs in a loop, with no agent (the baseline), with the
 * agent asking the MUX and a trivial partner about every open (decided), and with the partner's allow
 * carrying a cache hint, so that the kernel keeps the allow (an ignore mark) and raises no event (cached). Rounds alternate the three,
 * so that a noisy spell lands on all of them; the report gives each round and the medians, and the
 * ratios to the baseline. The agent, MUX and partner run in this JVM; their CPU per decided open is
 * this process's CPU time over the decided phases.
 */
public final class GuestBench {

    static final String VM = "vm-bench-agent";
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);

    private GuestBench() {
    }

    /** The name of the i-th file the child opens. */
    static String fileName(int i) {
        return "file-" + i + ".bin";
    }

    /** Runs the benchmark; key=number arguments: opens (20000), files (100), warmup (2000), rounds (3). */
    public static String run(String... args) {
        Map<String, Integer> settings = BenchSettings.parse(args, Map.of("opens", 20_000, "files", 100, "warmup", 2_000, "rounds", 3));
        int opens = settings.get("opens");
        int rounds = settings.get("rounds");
        if (opens < 1 || rounds < 1 || settings.get("files") < 1 || settings.get("warmup") < 0) {
            throw new IllegalArgumentException("opens, files and rounds must be positive, warmup not negative");
        }
        if (!Tmpfs.runningAsRoot()) {
            throw new IllegalStateException("bench guest runs the thin agent, which needs root (fanotify)");
        }
        try {
            return measure(settings).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("bench guest failed: " + e.getMessage(), e);
        }
    }

    private static ObjectNode measure(Map<String, Integer> settings) throws IOException {
        Instant started = Instant.now();
        Path work = Files.createTempDirectory("interpose-bench-guest-");
        long[] baseline = new long[settings.get("rounds")];
        long[] decided = new long[baseline.length];
        long[] cached = new long[baseline.length];
        long decidedCpuNanos = 0;
        GuardCounters last;
        try (Tmpfs tmpfs = Tmpfs.mount(); MuxRig rig = MuxRig.forGuests(work, List.of(VM))) {
            for (int i = 0; i < settings.get("files"); i++) {
                Files.write(tmpfs.root().resolve(fileName(i)), new byte[4096]);
            }
            last = null;
            for (int round = 0; round < baseline.length; round++) {
                baseline[round] = child(tmpfs.root(), settings);
                try (ThinAgent agent = ThinAgent.startLinux(config(rig), new ThinAgent.Settings(List.of(tmpfs.root()),
                        MarkScope.FILESYSTEM, work.resolve("quarantine"), 1024), Clock.systemUTC())) {
                    awaitDecided(agent);
                    rig.partner().cacheTtl(Duration.ZERO);
                    long cpu = processCpuNanos();
                    decided[round] = child(tmpfs.root(), settings);
                    decidedCpuNanos += processCpuNanos() - cpu;
                    rig.partner().cacheTtl(CACHE_TTL);
                    cached[round] = child(tmpfs.root(), settings);
                    last = agent.counters();
                }
            }
        }
        return report(settings, started, baseline, decided, cached, decidedCpuNanos, last);
    }

    private static GuestLinkConfig config(MuxRig rig) {
        String credential = rig.credential(VM);
        return GuestLinkConfig.linux(rig.guestSocket(), VM, () -> credential).withCapabilities(ThinAgent.CAPABILITIES);
    }

    /** Until the partner's Interest arrived and was marked (marks follow on the same thread, just after). */
    private static void awaitDecided(ThinAgent agent) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agent.link().interest().mode(EventType.FILE_OPEN) != CurrentInterest.Mode.DECIDE) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("the agent did not get the partner's Interest within 10 s");
            }
            BenchRig.sleep(Duration.ofMillis(10));
        }
        BenchRig.sleep(Duration.ofMillis(200));
    }

    /** Runs {@link OpenLoop} in a child JVM and returns its nanoseconds per open. */
    private static long child(Path directory, Map<String, Integer> settings) throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                ownJar(), OpenLoop.class.getName(), directory.toString(),
                String.valueOf(settings.get("files")), String.valueOf(settings.get("warmup")), String.valueOf(settings.get("opens")))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("the open loop failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Long.parseLong(output.lines().reduce((first, second) -> second).orElseThrow());
    }

    /**
     * Where {@link OpenLoop} is (it needs nothing else): a short command line, as most programs have; the
     * whole class path would put kilobytes of arguments in every event.
     */
    private static String ownJar() {
        try {
            return Path.of(OpenLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + OpenLoop.class, e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static ObjectNode report(Map<String, Integer> settings, Instant started, long[] baseline, long[] decided, long[] cached,
            long decidedCpuNanos, GuardCounters counters) {
        ObjectNode json = Json.object();
        json.put("benchmark", "guest");
        json.put("started", started.toString());
        settings.forEach(json::put);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("baseline_open_us", median(baseline) / 1000.0);
        json.put("decided_open_us", median(decided) / 1000.0);
        json.put("cached_open_us", median(cached) / 1000.0);
        json.put("decided_vs_baseline", ratio(median(decided), median(baseline)));
        json.put("cached_vs_baseline", ratio(median(cached), median(baseline)));
        json.put("platform_cpu_us_per_decided_open", decidedCpuNanos / 1000.0
                / ((long) baseline.length * (settings.get("opens") + settings.get("warmup"))));
        rounds(json.putArray("baseline_open_us_rounds"), baseline);
        rounds(json.putArray("decided_open_us_rounds"), decided);
        rounds(json.putArray("cached_open_us_rounds"), cached);
        json.put("last_round_asked", counters.asked());
        json.put("last_round_permission_events", counters.permissionEvents());
        json.put("last_round_defaulted", counters.defaulted());
        json.put("last_round_rescued", counters.rescued());
        return json;
    }

    private static void rounds(ArrayNode array, long[] nanos) {
        Arrays.stream(nanos).forEach(n -> array.add(n / 1000.0));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double ratio(long a, long b) {
        return Math.round(100.0 * a / Math.max(1, b)) / 100.0;
    }
}
