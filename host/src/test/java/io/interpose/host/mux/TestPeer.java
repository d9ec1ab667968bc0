package io.interpose.host.mux;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A protocol-level test client of either link: a reader thread collects every frame the MUX sends
 * (answering heartbeats unless told not to), and tests wait for frames with Awaitility.
 */
abstract class TestPeer<F extends Message> implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Closeable socket;
    private final OutputStream raw;
    private final FrameWriter writer;
    private final List<F> received = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean answerHeartbeats = true;
    private volatile Consumer<F> onFrame;
    private final CountDownLatch reading = new CountDownLatch(1);
    private volatile boolean stopped;
    /**
     * Heartbeat replies go out from their own thread: the reader must never wait for the writer's
     * lock, which a test thread sending a burst holds almost all the time (monitors are not fair), or
     * the MUX sees a peer that does not read and closes it.
     */
    private final ExecutorService replies = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-peer-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    TestPeer(Closeable socket, InputStream in, OutputStream out, Parser<F> parser) {
        this.socket = socket;
        this.raw = out;
        this.writer = new FrameWriter(out, Frames.MAX_FRAME_BYTES);
        FrameReader reader = new FrameReader(new BufferedInputStream(in, 64 * 1024), parser, Frames.MAX_FRAME_BYTES);
        Thread thread = new Thread(() -> readLoop(reader), "test-peer-read");
        thread.setDaemon(true);
        thread.start();
    }

    abstract Optional<Heartbeat> heartbeatOf(F frame);

    abstract F heartbeatFrame(Heartbeat heartbeat);

    private void readLoop(FrameReader reader) {
        try {
            for (F frame = reader.next(); frame != null; frame = reader.next()) {
                if (stopped) {
                    reading.await();
                }
                Optional<Heartbeat> heartbeat = heartbeatOf(frame);
                if (heartbeat.isPresent() && !heartbeat.get().getReply()) {
                    if (answerHeartbeats) {
                        F reply = heartbeatFrame(heartbeat.get().toBuilder().setReply(true).build());
                        replies.execute(() -> sendQuietly(reply));
                    }
                    continue;
                }
                Consumer<F> hook = onFrame;
                if (hook != null) {
                    hook.accept(frame);
                } else {
                    synchronized (received) {
                        received.add(frame);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the MUX closed the connection
        } finally {
            closed = true;
        }
    }

    /** Stop reading altogether (a peer that does not keep up), until closed. */
    void stopReading() {
        stopped = true;
    }

    /** Stop answering heartbeats (to prove the idle timeout). */
    void silent() {
        answerHeartbeats = false;
    }

    /** Hand frames to this hook instead of keeping them (for throughput measurements). */
    void onFrame(Consumer<F> hook) {
        this.onFrame = hook;
    }

    void send(F frame) {
        try {
            synchronized (writer) {
                writer.write(frame);
                writer.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendQuietly(F frame) {
        try {
            send(frame);
        } catch (IllegalStateException closedByTheMux) {
            // the read loop notices
        }
    }

    /** Buffers without flushing (for bursts); {@link #flush()} sends. */
    void buffer(F frame) throws IOException {
        synchronized (writer) {
            writer.write(frame);
        }
    }

    void flush() throws IOException {
        synchronized (writer) {
            writer.flush();
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        synchronized (writer) {
            writer.flush();
            raw.write(bytes);
            raw.flush();
        }
    }

    /**
     * Waits for the first received frame that matches, and takes it out of the received list. When none
     * comes, the failure says what did come and whether the MUX closed the connection.
     */
    <T> T await(Predicate<F> match, Function<F, T> part) {
        try {
            return part.apply(Awaitility.await().atMost(WAIT).until(() -> take(match), Optional::isPresent)
                    .orElseThrow());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching frame within " + WAIT + "; " + describe(), e);
        }
    }

    /** What this peer has received and not yet taken, by kind, and whether its connection is closed. */
    String describe() {
        synchronized (received) {
            Map<String, Long> kinds = new TreeMap<>();
            received.forEach(f -> kinds.merge(kindOf(f), 1L, Long::sum));
            String last = received.isEmpty() ? "none" : received.get(received.size() - 1).toString().replace('\n', ' ');
            return "closed=" + closed + ", received " + kinds + ", last: " + last.substring(0, Math.min(300, last.length()));
        }
    }

    private static String kindOf(Message frame) {
        return frame.getAllFields().keySet().stream().map(field -> field.getName()).findFirst().orElse("empty");
    }

    /** Takes a matching frame if one was received. */
    Optional<F> take(Predicate<F> match) {
        synchronized (received) {
            for (int i = 0; i < received.size(); i++) {
                if (match.test(received.get(i))) {
                    return Optional.of(received.remove(i));
                }
            }
        }
        return Optional.empty();
    }

    /** Every received frame that matches, left in place. */
    List<F> all(Predicate<F> match) {
        synchronized (received) {
            return received.stream().filter(match).toList();
        }
    }

    boolean closed() {
        return closed;
    }

    void awaitClosed() {
        Awaitility.await().atMost(WAIT).until(this::closed);
    }

    /** Waits until the MUX closes this connection, or until it has clearly taken what was sent. */
    void awaitClosedOrQuiet() {
        try {
            Awaitility.await().atMost(Duration.ofMillis(300)).until(this::closed);
        } catch (ConditionTimeoutException stillOpen) {
            // a mutation that still parsed: the MUX ignored it and kept the connection
        }
    }

    @Override
    public void close() {
        reading.countDown();
        replies.shutdownNow();
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
