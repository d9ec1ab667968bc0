package io.interpose.guest.load;

import java.util.Locale;

/**
 * The outcome of an open-loop verdict run. Latencies are in microseconds and measured from each event's
 * intended send time (so a stalled system cannot hide its stall: no coordinated omission); the service times
 * are measured from the moment decide() was actually called.
 *
 * @param count events sent; {@code allowed + denied + defaulted == count} when every verdict came back
 * @param defaulted events the guest decided itself (deadline passed, not connected, queue full)
 * @param cpuMicrosPerEvent this process's CPU time during the run divided by {@code count}
 */
public record VerdictResult(int links, int targetPerSecond, double seconds, long count, long allowed, long denied,
                            long defaulted, double p50Micros, double p90Micros, double p99Micros, double p999Micros,
                            double maxMicros, double serviceP50Micros, double serviceP99Micros,
                            double cpuMicrosPerEvent) {

    /** One line of JSON with snake_case fields. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"links\":%d,\"target_per_second\":%d,\"seconds\":%.3f,\"count\":%d,"
                + "\"allowed\":%d,\"denied\":%d,\"defaulted\":%d,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,"
                + "\"p999_us\":%.1f,\"max_us\":%.1f,\"service_p50_us\":%.1f,\"service_p99_us\":%.1f,"
                + "\"cpu_us_per_event\":%.3f}",
                links, targetPerSecond, seconds, count, allowed, denied, defaulted, p50Micros, p90Micros, p99Micros,
                p999Micros, maxMicros, serviceP50Micros, serviceP99Micros, cpuMicrosPerEvent);
    }
}
