package io.interpose.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final RecordingSink sink = new RecordingSink();
    private final List<IOException> failures = Collections.synchronizedList(new ArrayList<>());
    private final Outbox<String> outbox = new Outbox<>(Outbox.Source.of(queue), sink, 4, failures::add);

    @AfterEach
    void stop() {
        sink.release.countDown();
        outbox.stop();
    }

    @Test
    void sendingNowWritesOnTheCallingThreadWhenNobodyWrites() {
        outbox.start("outbox-test");

        queue.add("verdict");
        outbox.send();

        assertThat(sink.frames).containsExactly("verdict");
        assertThat(sink.writers).containsExactly(Thread.currentThread().getName());
        assertThat(sink.flushes.get()).isEqualTo(1);
    }

    @Test
    void aCallerWritesAtMostTheDirectLimitAndTheWriterThreadTakesTheRest() {
        outbox.start("outbox-test");
        for (int i = 0; i < 10; i++) {
            queue.add("f" + i);
        }

        outbox.send();

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.frames.size() == 10);
        assertThat(sink.frames).containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9");
        assertThat(sink.writers.subList(0, 4)).containsOnly(Thread.currentThread().getName());
        assertThat(sink.writers.subList(4, 10)).containsOnly("outbox-test");
    }

    @Test
    void wakingLeavesABatchToTheWriterThreadWhichFlushesOnce() {
        for (int i = 0; i < 100; i++) {
            queue.add("n" + i);
        }
        outbox.start("outbox-test");

        outbox.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.frames.size() == 100);
        assertThat(sink.writers).containsOnly("outbox-test");
        assertThat(sink.flushes.get()).isEqualTo(1);
    }

    @Test
    void framesFromManyThreadsLeaveOnceEachAndInEachSendersOrder() throws InterruptedException {
        outbox.start("outbox-test");
        int senders = 4;
        int perSender = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    queue.add(sender + ":" + i);
                    if (i % 3 == 0) {
                        outbox.wake();
                    } else {
                        outbox.send();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() == senders * perSender);
        Map<String, Integer> last = new ConcurrentHashMap<>();
        for (String frame : sink.frames) {
            String[] parts = frame.split(":");
            int previous = last.getOrDefault(parts[0], -1);
            assertThat(Integer.parseInt(parts[1])).as(frame).isEqualTo(previous + 1);
            last.put(parts[0], previous + 1);
        }
    }

    @Test
    void aWriteThatMakesNoProgressIsStalledAndStopEndsIt() {
        sink.blockOn = "slow";
        outbox.start("outbox-test");
        queue.add("slow");
        outbox.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.blocked.getCount() == 0);

        assertThat(outbox.stalled(System.nanoTime() + Duration.ofSeconds(1).toNanos(), Duration.ofMillis(500).toNanos()))
                .isTrue();
        queue.add("after");
        outbox.send();
        assertThat(sink.frames).as("a second sender does not wait for the stuck one").containsExactly("slow");

        outbox.stop();
        sink.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.flushes.get() == 1);
        assertThat(sink.frames).containsExactly("slow");
    }

    @Test
    void anIdleOutboxIsNotStalled() {
        outbox.start("outbox-test");
        assertThat(outbox.stalled(System.nanoTime() + Duration.ofSeconds(10).toNanos(), 1)).isFalse();
    }

    @Test
    void theFirstWriteErrorStopsTheOutboxAndIsReportedOnce() {
        sink.failOn = "bad";
        outbox.start("outbox-test");
        queue.add("bad");
        outbox.send();
        queue.add("next");
        outbox.send();

        assertThat(failures).hasSize(1);
        assertThat(sink.frames).isEmpty();
    }

    @Test
    void aFrameTheSinkRefusesStopsTheOutboxLikeAWriteError() {
        sink.refuse = "too large";
        outbox.start("outbox-test");
        queue.add("too large");
        queue.add("after");

        outbox.send();

        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("cannot write a frame"));
        assertThat(sink.frames).isEmpty();
    }

    @Test
    void aSinkThatSaysStopEndsTheOutboxAfterFlushing() {
        outbox.start("outbox-test");
        queue.add("goodbye");
        queue.add("CLOSE");
        queue.add("never");

        outbox.send();

        assertThat(sink.frames).containsExactly("goodbye", "CLOSE");
        assertThat(sink.flushes.get()).isEqualTo(1);
        queue.add("later");
        outbox.send();
        assertThat(sink.frames).containsExactly("goodbye", "CLOSE");
    }

    @Test
    void finishWritesWhatIsQueuedThenStops() {
        outbox.start("outbox-test");
        for (int i = 0; i < 50; i++) {
            queue.add("q" + i);
        }

        outbox.finish(Duration.ofSeconds(5));

        assertThat(sink.frames).hasSize(50);
        queue.add("late");
        outbox.send();
        assertThat(sink.frames).hasSize(50);
    }

    @Test
    void theLastFrameGoesOutAheadOfTheQueueAndNothingAfterIt() throws Exception {
        queue.add("queued");

        assertThat(outbox.writeLast("goodbye", Duration.ofMillis(100))).isTrue();
        outbox.start("outbox-test");
        outbox.send();

        assertThat(sink.frames).containsExactly("goodbye");
    }

    /** Records frames and which thread wrote them; can block on or fail at a chosen frame. */
    private static final class RecordingSink implements Outbox.Sink<String> {
        final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        final List<String> writers = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger flushes = new AtomicInteger();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile String blockOn;
        volatile String failOn;
        volatile String refuse;

        @Override
        public boolean write(String frame) throws IOException {
            if (frame.equals(failOn)) {
                throw new IOException("broken pipe");
            }
            if (frame.equals(refuse)) {
                throw new IllegalArgumentException("message outside 1..64");
            }
            frames.add(frame);
            writers.add(Thread.currentThread().getName());
            if (frame.equals(blockOn)) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return !frame.equals("CLOSE");
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }
}
