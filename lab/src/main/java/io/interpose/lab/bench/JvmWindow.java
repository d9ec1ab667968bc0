package io.interpose.lab.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the JVM spent between {@link #open()} and {@link #close()}: garbage collections (count and time, all
 * collectors) and wall time. Reads the platform MXBeans; never fails (a collector that does not report counts
 * as zero).
 */
final class JvmWindow {

    private final long startNanos = System.nanoTime();
    private final long gcCountBefore = gcCount();
    private final long gcMillisBefore = gcMillis();
    private long gcCount;
    private long gcMillis;
    private double seconds;

    private JvmWindow() {
    }

    static JvmWindow open() {
        return new JvmWindow();
    }

    JvmWindow close() {
        seconds = (System.nanoTime() - startNanos) / 1e9;
        gcCount = gcCount() - gcCountBefore;
        gcMillis = gcMillis() - gcMillisBefore;
        return this;
    }

    long gcCountDelta() {
        return gcCount;
    }

    long gcMillisDelta() {
        return gcMillis;
    }

    double seconds() {
        return seconds;
    }

    /** The system load average over the last minute, or -1 where the OS does not say. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The collectors' names, e.g. "G1 Young Generation+G1 Old Generation". */
    static String collectors() {
        return String.join("+", collectorBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    }

    /** The largest heap this JVM may use, in MiB. */
    static long maxHeapMiB() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    private static long gcCount() {
        return collectorBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    private static long gcMillis() {
        return collectorBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static List<GarbageCollectorMXBean> collectorBeans() {
        return ManagementFactory.getGarbageCollectorMXBeans();
    }
}
