package io.interpose.lab.bench;

import io.interpose.guest.load.LoadDriver;
import io.interpose.guest.load.NotificationResult;
import io.interpose.guest.load.VerdictResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./interpose bench gi}: the Guest Introspection benchmark (issue 4). Synthetic guests (the guest
 * link and its load driver) and a trivial partner (the partner SDK) over loopback through one Context MUX,
 * in this JVM: notification events per second delivered to the partner, the verdict round trip
 * (guest -> MUX -> SVM -> MUX -> guest) at a fixed rate, CPU per event and GC; and the same load against a
 * minimal echo server of the guest link in the same run (the baseline). Both rigs are up together and the
 * verdict rounds alternate between them, so that the machine's noisy spells fall on both. See
 * docs/benchmarks.md.
 *
 * <p>Failure modes: an {@link IllegalArgumentException} for a bad parameter, an {@link IllegalStateException}
 * when the rig cannot be set up (a guest or the partner does not connect within 10 s).
 */
public final class GiBench {

    private final GiBenchParameters parameters;
    private final Consumer<String> progress;

    private GiBench(GiBenchParameters parameters, Consumer<String> progress) {
        this.parameters = parameters;
        this.progress = progress;
    }

    /**
     * Runs the benchmark with {@code key=number} overrides ({@code guests}, {@code seconds} per phase and round,
     * {@code rate}, {@code warmup}, {@code rounds} of verdicts per rig; {@code fork=0} runs in this JVM instead of
     * a child JVM with the settings of {@link BenchFork}; {@code reader_callbacks=0} runs the partner's callbacks on SDK workers instead of its reader thread),
     * printing progress to standard output, and returns the one-line JSON summary.
     */
    public static String run(String... args) {
        GiBenchParameters parameters = GiBenchParameters.parse(args);
        if (parameters.fork() == 1 && !BenchFork.inChild()) {
            return BenchFork.run(List.of(args), System.out::println);
        }
        return new GiBench(parameters, System.out::println).run();
    }

    /** The child JVM's entry point (see {@link BenchFork}): prints the JSON summary last. */
    public static void main(String[] args) {
        System.out.println(run(args));
    }

    private String run() {
        double loadBefore = JvmWindow.loadAverage();
        Instant started = Instant.now();
        progress.accept(String.format(Locale.ROOT, "gi bench: %s; load average %.2f; %s, max heap %d MiB",
                parameters, loadBefore, JvmWindow.collectors(), JvmWindow.maxHeapMiB()));
        Path directory = temporaryDirectory();
        try (EchoRig echo = EchoRig.start(directory, parameters.guests());
                MuxRig mux = MuxRig.start(directory, parameters.guests(), parameters.readerCallbacks() == 1)) {
            List<Side> sides = List.of(new Side(echo), new Side(mux));
            for (Side side : sides) {
                warmUp(side);
            }
            for (int round = 1; round <= parameters.rounds(); round++) {
                for (Side side : sides) {
                    verdictRound(side, round);
                }
            }
            Measurement baseline = notifications(sides.get(0));
            Measurement platform = notifications(sides.get(1));
            return GiBenchReport.json(parameters, started, loadBefore, JvmWindow.loadAverage(), platform, baseline);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark's rigs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One rig, its load driver and its verdict rounds so far. */
    private record Side(BenchRig rig, LoadDriver driver, List<VerdictRound> rounds) {
        Side(BenchRig rig) {
            this(rig, new LoadDriver(rig.links()), new ArrayList<>());
        }
    }

    private void warmUp(Side side) throws InterruptedException {
        Duration warmup = Duration.ofSeconds(parameters.warmup());
        side.driver().verdicts(parameters.rate(), warmup);
        side.driver().notifications(warmup);
        awaitQuiet(side.rig());
    }

    private void verdictRound(Side side, int round) {
        System.gc();
        JvmWindow window = JvmWindow.open();
        VerdictResult verdicts = side.driver().verdicts(parameters.rate(), Duration.ofSeconds(parameters.seconds()));
        window.close();
        side.rounds().add(new VerdictRound(verdicts, window));
        progress.accept(side.rig().name() + " verdicts, round " + round + ": " + verdicts.toJson() + " gc "
                + window.gcCountDelta() + " / " + window.gcMillisDelta() + " ms");
    }

    private Measurement notifications(Side side) throws InterruptedException {
        BenchRig rig = side.rig();
        LoadDriver driver = side.driver();
        System.gc();
        long deliveredBefore = rig.delivered();
        long droppedBefore = rig.dropped();
        JvmWindow window = JvmWindow.open();
        long start = System.nanoTime();
        NotificationResult notifications = driver.notifications(Duration.ofSeconds(parameters.seconds()));
        long lastDelivery = awaitQuiet(rig);
        window.close();
        long delivered = rig.delivered() - deliveredBefore;
        long dropped = rig.dropped() - droppedBefore;
        double deliveredPerSecond = delivered / ((lastDelivery - start) / 1e9);
        progress.accept(String.format(Locale.ROOT, "%s notifications: %s delivered %d (%.0f/s), dropped %d, gc %d / %d ms",
                rig.name(), notifications.toJson(), delivered, deliveredPerSecond, dropped, window.gcCountDelta(),
                window.gcMillisDelta()));
        return new Measurement(VerdictRounds.of(side.rounds()), notifications, delivered, deliveredPerSecond, dropped, window);
    }

    /** Waits until the far end has received nothing new for 100 ms; returns when it last did (nanoTime). */
    private static long awaitQuiet(BenchRig rig) {
        long last = rig.delivered();
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < 100_000_000L) {
            BenchRig.sleep(Duration.ofMillis(5));
            long now = rig.delivered();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return lastChange;
    }

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("gi-bench");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** One rig's results. */
    record Measurement(VerdictRounds verdicts, NotificationResult notifications, long delivered, double deliveredPerSecond,
            long dropped, JvmWindow notifyWindow) {
    }

    /** One verdict round of one rig, and what the JVM spent meanwhile. */
    record VerdictRound(VerdictResult verdicts, JvmWindow window) {
    }

    /** Parameters of a run, from {@code key=number} arguments. */
    record GiBenchParameters(int guests, int seconds, int rate, int warmup, int rounds, int fork, int readerCallbacks) {

        GiBenchParameters {
            if (guests < 1 || seconds < 1 || rate < 1 || warmup < 0 || rounds < 1 || fork < 0 || fork > 1
                    || readerCallbacks < 0 || readerCallbacks > 1) {
                throw new IllegalArgumentException("guests, seconds, rate and rounds must be positive, warmup not negative, "
                        + "fork and reader_callbacks 0 or 1");
            }
        }

        static GiBenchParameters parse(String... args) {
            Map<String, Integer> values = BenchSettings.parse(args, Map.of("guests", 4, "seconds", 5, "rate", 10_000, "warmup", 5,
                    "rounds", 3, "fork", 1, "reader_callbacks", 1));
            return new GiBenchParameters(values.get("guests"), values.get("seconds"), values.get("rate"), values.get("warmup"),
                    values.get("rounds"), values.get("fork"), values.get("reader_callbacks"));
        }
    }
}
