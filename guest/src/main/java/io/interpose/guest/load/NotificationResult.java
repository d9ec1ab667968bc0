package io.interpose.guest.load;

import java.util.Locale;

/**
 * The outcome of a flat-out notification run.
 *
 * @param sent events the links wrote to the MUX during the run
 * @param queueFull times a producer found its link's notification queue full and backed off
 * @param cpuMicrosPerEvent this process's CPU time during the run divided by {@code sent}
 */
public record NotificationResult(int links, double seconds, long sent, long queueFull, double eventsPerSecond,
                                 double cpuMicrosPerEvent) {

    /** One line of JSON with snake_case fields. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"links\":%d,\"seconds\":%.3f,\"sent\":%d,\"queue_full\":%d,"
                + "\"events_per_second\":%.0f,\"cpu_us_per_event\":%.3f}",
                links, seconds, sent, queueFull, eventsPerSecond, cpuMicrosPerEvent);
    }
}
