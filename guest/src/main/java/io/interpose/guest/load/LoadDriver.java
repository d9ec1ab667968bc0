package io.interpose.guest.load;

import io.interpose.guest.link.GuestLink;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.Verdict;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives guest links (already connected) for the GI benchmark: notifications flat out, and events awaiting a
 * verdict open-loop at a fixed rate. Each link sends events of a type its Interest asks for (the first
 * {@code notify} type, resp. the first {@code decide} type; FILE_OPEN when it names none). Runs block the
 * calling thread for their duration; not for concurrent use.
 */
public final class LoadDriver {

    /** How late the driver's timed waits may end (see {@link TimerSlack}). */
    private static final long DRIVER_TIMER_SLACK_NANOS = 1_000;

    private final List<GuestLink> links;

    public LoadDriver(List<GuestLink> links) {
        if (links.isEmpty()) {
            throw new IllegalArgumentException("the load driver needs at least one link");
        }
        this.links = List.copyOf(links);
    }

    /**
     * Sends notifications as fast as the links take them, one producer thread per link, for {@code duration}.
     * A producer that finds its queue full yields and tries again.
     */
    public NotificationResult notifications(Duration duration) throws InterruptedException {
        LongAdder queueFull = new LongAdder();
        long sentBefore = sent();
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> producers = new ArrayList<>();
        for (GuestLink link : links) {
            Event event = template(link.interest().interest().getNotifyList());
            Thread producer = new Thread(() -> produce(link, event, end, queueFull), "gi-load-" + link.vmId());
            producer.setDaemon(true);
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = sent() - sentBefore;
        return new NotificationResult(links.size(), seconds, sent, queueFull.sum(), sent / seconds,
                perEvent(cpuNanos() - cpuBefore, sent));
    }

    private static void produce(GuestLink link, Event event, long end, LongAdder queueFull) {
        while (System.nanoTime() - end < 0) {
            if (!link.notify(event)) {
                queueFull.increment();
                Thread.yield();
            }
        }
    }

    /**
     * Sends {@code perSecond} events awaiting a verdict, round-robin over the links, for {@code duration}, each
     * at its intended time regardless of how earlier ones fared; then waits for every verdict (at most the
     * links' deadline plus a second). On Linux the calling thread's timer slack is 1 µs meanwhile, so that
     * events leave on time.
     */
    public VerdictResult verdicts(int perSecond, Duration duration) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        List<Event> events = links.stream().map(l -> template(l.interest().interest().getDecideList())).toList();
        Tally tally = new Tally();
        long total = Math.max(1, (long) (perSecond * (duration.toNanos() / 1e9)));
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        OptionalLong slack = TimerSlack.set(DRIVER_TIMER_SLACK_NANOS);
        long cpuBefore = cpuNanos();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        try {
            for (long i = 0; i < total; i++) {
                long intended = start + i * period;
                waitUntil(intended);
                int which = (int) (i % links.size());
                long called = System.nanoTime();
                links.get(which).decide(events.get(which)).thenAccept(v -> tally.record(v, intended, called));
            }
        } finally {
            TimerSlack.restore(slack);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitAll(tally, total);
        return tally.result(links.size(), perSecond, seconds, total, perEvent(cpuNanos() - cpuBefore, total));
    }

    private void awaitAll(Tally tally, long total) {
        int deadlineMs = links.stream().mapToInt(l -> l.interest().deadlineMs()).max().orElse(1_000);
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs + 1_000L);
        while (tally.count() < total && System.nanoTime() - giveUp < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private long sent() {
        return links.stream().mapToLong(l -> l.counters().sent()).sum();
    }

    static Event template(List<EventType> wanted) {
        EventType type = wanted.isEmpty() ? EventType.FILE_OPEN : wanted.get(0);
        return Event.newBuilder().setType(type).setTimeUnixNanos(System.currentTimeMillis() * 1_000_000)
                .setProcess(ProcessContext.newBuilder().setPid(4242).setPpid(1).setExecutable("/usr/bin/bench")
                        .addArguments("bench").setUid(1000).setUserName("bench"))
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath("/var/lib/bench/data.bin")
                        .setSize(4096).setInode(77).setMode(0100644)))
                .build();
    }

    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static double perEvent(long cpuNanos, long events) {
        return cpuNanos < 0 || events == 0 ? -1 : cpuNanos / 1_000.0 / events;
    }

    /** Verdicts as they come back, on the links' reader threads. */
    private static final class Tally {
        private final LatencyHistogram response = new LatencyHistogram();
        private final LatencyHistogram service = new LatencyHistogram();
        private final LongAdder allowed = new LongAdder();
        private final LongAdder denied = new LongAdder();
        private final LongAdder defaulted = new LongAdder();

        void record(Verdict verdict, long intended, long called) {
            long now = System.nanoTime();
            if (GuestLink.isGuestDefault(verdict)) {
                defaulted.increment();
            } else {
                (verdict.getDecision() == Decision.DENY ? denied : allowed).increment();
            }
            service.record(now - called);
            response.record(now - intended);
        }

        long count() {
            return response.count();
        }

        VerdictResult result(int links, int perSecond, double seconds, long total, double cpuPerEvent) {
            return new VerdictResult(links, perSecond, seconds, total, allowed.sum(), denied.sum(), defaulted.sum(),
                    micros(response.percentile(0.5)), micros(response.percentile(0.9)), micros(response.percentile(0.99)),
                    micros(response.percentile(0.999)), micros(response.max()), micros(service.percentile(0.5)),
                    micros(service.percentile(0.99)), cpuPerEvent);
        }

        private static double micros(long nanos) {
            return nanos / 1_000.0;
        }
    }
}
