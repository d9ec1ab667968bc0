package io.interpose.host.mux;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A throwaway measurement (not a test): notification throughput through one MUX to one SVM, and the
 * verdict round trip guest -> MUX -> SVM -> MUX -> guest at a fixed rate. Run from the test classpath:
 * {@code java -cp ... io.interpose.host.mux.MuxBenchmark}.
 */
final class MuxBenchmark {

    private MuxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MuxLimits limits = new MuxLimits(8192, 1024, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        try (MuxHarness harness = new MuxHarness(limits).protect("vm-1", "svc-a", "gold")
                .service("svc-a", FailurePolicy.ALLOW, 1000).endpoint("dep-a", "svc-a").apply()) {
            notifications(harness, 2_000_000);
            notifications(harness, 4_000_000);
        }
        try (MuxHarness harness = new MuxHarness(limits).protect("vm-1", "svc-a", "gold")
                .service("svc-a", FailurePolicy.ALLOW, 1000).endpoint("dep-a", "svc-a").apply()) {
            verdicts(harness, 10_000, 3);
            verdicts(harness, 10_000, 5);
            verdicts(harness, 10_000, 10);
        }
    }

    static Event sample(long id, boolean awaits) {
        return Event.newBuilder().setId(id).setType(EventType.FILE_OPEN).setAwaitsVerdict(awaits).setDeadlineMs(awaits ? 1000 : 0)
                .setTimeUnixNanos(System.currentTimeMillis() * 1_000_000L)
                .setProcess(ProcessContext.newBuilder().setPid(4242).setPpid(1).setExecutable("/usr/bin/cat").setUid(1000)
                        .setUserName("alice").addArguments("cat").addArguments("/home/alice/notes.txt"))
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath("/home/alice/notes.txt").setSize(1234)
                        .setInode(99).setMode(0100644)))
                .build();
    }

    /** Keeps both clients heartbeating, as real ones do, so that a long one-way flood is not taken for silence. */
    private static java.util.concurrent.ScheduledFuture<?> heartbeats(TestGuest guest, TestSvm svm) {
        io.interpose.protocol.gi.Heartbeat beat = io.interpose.protocol.gi.Heartbeat.newBuilder().setSequence(1).setReply(true).build();
        return TIMER.scheduleAtFixedRate(() -> {
            guest.send(GuestFrame.newBuilder().setHeartbeat(beat).build());
            svm.send(PartnerFrame.newBuilder().setHeartbeat(beat).build());
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-heartbeats");
                t.setDaemon(true);
                return t;
            });

    private static void notifications(MuxHarness harness, int count) throws Exception {
        TestSvm svm = harness.svm("dep-a");
        AtomicLong received = new AtomicLong();
        svm.onFrame(frame -> {
            if (frame.hasEvent()) {
                received.incrementAndGet();
            }
        });
        svm.subscribe(SubscriptionMode.NOTIFY, EventType.FILE_OPEN);
        TestGuest guest = harness.guest("vm-1");
        RoutingTest.awaitInterest(guest, i -> i.getNotifyCount() == 1);
        var beating = heartbeats(guest, svm);
        GuestFrame[] frames = new GuestFrame[1024];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = GuestFrame.newBuilder().setEvent(sample(i, false)).build();
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            guest.buffer(frames[i & 1023]);
        }
        guest.flush();
        long sent = System.nanoTime();
        double drops = harness.counter("interpose.mux.drops", "reason", "svm_queue_full", "service", "svc-a");
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = received.get();
            drops = harness.counter("interpose.mux.drops", "reason", "svm_queue_full", "service", "svc-a");
            if (now + (long) drops >= count || now == last) {
                break;
            }
            last = now;
            LockSupport.parkNanos(500_000_000);
        }
        long end = System.nanoTime();
        System.out.printf("notifications: sent %d in %.2f s (%.0f/s offered); received %d, dropped %.0f; delivered %.0f/s%n",
                count, (sent - start) / 1e9, count / ((sent - start) / 1e9), received.get(), drops,
                received.get() / ((end - start) / 1e9));
        beating.cancel(false);
        guest.close();
        svm.close();
    }

    private static void verdicts(MuxHarness harness, int perSecond, int seconds) throws Exception {
        TestSvm svm = harness.svm("dep-a");
        svm.onFrame(frame -> {
            if (frame.hasEvent()) {
                svm.send(PartnerFrame.newBuilder().setVerdict(Verdict.newBuilder().setEventId(frame.getEvent().getId())
                        .setDecision(Decision.ALLOW)).build());
            }
        });
        svm.subscribe(SubscriptionMode.DECIDE, EventType.FILE_OPEN);
        TestGuest guest = harness.guest("vm-1");
        RoutingTest.awaitInterest(guest, i -> i.getDecideCount() == 1);
        var beating = heartbeats(guest, svm);
        int total = perSecond * seconds;
        long[] sentAt = new long[total];
        long[] latency = new long[total];
        AtomicLong answered = new AtomicLong();
        guest.onFrame(frame -> {
            if (frame.hasVerdict()) {
                int id = (int) frame.getVerdict().getEventId();
                latency[id] = System.nanoTime() - sentAt[id];
                answered.incrementAndGet();
            }
        });
        Event template = sample(0, true);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long early = due - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            sentAt[i] = System.nanoTime();
            guest.send(GuestFrame.newBuilder().setEvent(template.toBuilder().setId(i)).build());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answered.get() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        int warm = perSecond / 2;
        long[] measured = Arrays.copyOfRange(latency, warm, total);
        Arrays.sort(measured);
        System.out.printf("verdicts at %d/s for %d s: answered %d; p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us%n",
                perSecond, seconds, answered.get(), measured[measured.length / 2] / 1e3,
                measured[(int) (measured.length * 0.90)] / 1e3, measured[(int) (measured.length * 0.99)] / 1e3,
                measured[measured.length - 1] / 1e3);
        beating.cancel(false);
        guest.close();
        svm.close();
    }
}
