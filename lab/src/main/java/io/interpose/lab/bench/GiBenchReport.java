package io.interpose.lab.bench;

import io.interpose.guest.load.VerdictResult;
import io.interpose.lab.bench.GiBench.GiBenchParameters;
import io.interpose.lab.bench.GiBench.Measurement;
import java.time.Instant;
import java.util.Locale;

/**
 * The one-line JSON summary of {@link GiBench}: the MUX's numbers, the baseline's, their ratios, the goals.
 * Verdict figures are the median over the rounds ({@link VerdictRounds}); the per-round p50 and p99 are listed too.
 */
final class GiBenchReport {

    static final double GOAL_NOTIFICATIONS_PER_SECOND = 100_000;
    static final double GOAL_P50_MICROS = 200;
    static final double GOAL_P99_MICROS = 2_000;

    private GiBenchReport() {
    }

    static String json(GiBenchParameters p, Instant started, double loadBefore, double loadAfter, Measurement mux,
            Measurement baseline) {
        VerdictRounds v = mux.verdicts();
        VerdictRounds b = baseline.verdicts();
        double p50 = v.median(VerdictResult::p50Micros);
        double p99 = v.median(VerdictResult::p99Micros);
        long defaulted = v.sum(VerdictResult::defaulted);
        return String.format(Locale.ROOT, "{\"benchmark\":\"gi\",\"started\":\"%s\",\"guests\":%d,\"seconds\":%d,"
                + "\"rate\":%d,\"warmup\":%d,\"rounds\":%d,\"partner_callbacks\":\"%s\",\"cpus\":%d,\"java\":\"%s\",\"gc\":\"%s\","
                + "\"max_heap_mib\":%d,\"jvm_options\":\"%s\",\"load_average_start\":%.2f,\"load_average_end\":%.2f,"
                + "\"notifications_per_second\":%.0f,\"notifications_sent_per_second\":%.0f,\"notifications_delivered\":%d,"
                + "\"notifications_dropped\":%d,\"notification_cpu_us_per_event\":%.3f,"
                + "\"notification_gc_count\":%d,\"notification_gc_ms\":%d,"
                + "\"verdicts\":%d,\"verdicts_defaulted\":%d,\"verdict_p50_us\":%.1f,\"verdict_p90_us\":%.1f,"
                + "\"verdict_p99_us\":%.1f,\"verdict_p999_us\":%.1f,\"verdict_max_us\":%.1f,\"verdict_service_p50_us\":%.1f,"
                + "\"verdict_cpu_us_per_event\":%.3f,\"verdict_gc_count\":%d,\"verdict_gc_ms\":%d,"
                + "\"verdict_p50_rounds_us\":%s,\"verdict_p99_rounds_us\":%s,"
                + "\"baseline_notifications_per_second\":%.0f,\"baseline_notification_cpu_us_per_event\":%.3f,"
                + "\"baseline_verdict_p50_us\":%.1f,\"baseline_verdict_p99_us\":%.1f,\"baseline_verdict_service_p50_us\":%.1f,"
                + "\"baseline_verdict_cpu_us_per_event\":%.3f,\"baseline_verdict_p50_rounds_us\":%s,\"baseline_verdict_p99_rounds_us\":%s,"
                + "\"notifications_vs_baseline\":%.3f,\"verdict_p50_vs_baseline\":%.2f,\"verdict_p99_vs_baseline\":%.2f,"
                + "\"goal_notifications_met\":%b,\"goal_verdict_p50_met\":%b,\"goal_verdict_p99_met\":%b}",
                started, p.guests(), p.seconds(), p.rate(), p.warmup(), p.rounds(), p.readerCallbacks() == 1 ? "reader" : "workers",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), JvmWindow.collectors(),
                JvmWindow.maxHeapMiB(), BenchFork.jvmOptions(), loadBefore, loadAfter,
                mux.deliveredPerSecond(), mux.notifications().eventsPerSecond(), mux.delivered(), mux.dropped(),
                cpuPerDelivered(mux), mux.notifyWindow().gcCountDelta(), mux.notifyWindow().gcMillisDelta(),
                v.sum(VerdictResult::count), defaulted, p50, v.median(VerdictResult::p90Micros), p99,
                v.median(VerdictResult::p999Micros), v.max(VerdictResult::maxMicros), v.median(VerdictResult::serviceP50Micros),
                v.median(VerdictResult::cpuMicrosPerEvent), v.gcCount(), v.gcMillis(),
                v.each(VerdictResult::p50Micros), v.each(VerdictResult::p99Micros),
                baseline.deliveredPerSecond(), cpuPerDelivered(baseline), b.median(VerdictResult::p50Micros),
                b.median(VerdictResult::p99Micros), b.median(VerdictResult::serviceP50Micros), b.median(VerdictResult::cpuMicrosPerEvent),
                b.each(VerdictResult::p50Micros), b.each(VerdictResult::p99Micros),
                ratio(mux.deliveredPerSecond(), baseline.deliveredPerSecond()), v.medianRatio(b, VerdictResult::p50Micros),
                v.medianRatio(b, VerdictResult::p99Micros),
                mux.deliveredPerSecond() >= GOAL_NOTIFICATIONS_PER_SECOND,
                p50 <= GOAL_P50_MICROS && defaulted == 0, p99 <= GOAL_P99_MICROS && defaulted == 0);
    }

    /** The process's CPU per notification that reached the far end (the driver divides by those sent). */
    private static double cpuPerDelivered(Measurement m) {
        double cpuMicros = m.notifications().cpuMicrosPerEvent() * m.notifications().sent();
        return m.delivered() == 0 ? -1 : cpuMicros / m.delivered();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? -1 : a / b;
    }
}
