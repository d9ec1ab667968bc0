package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import io.interpose.sdk.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One SVM connection to the {@link FakeMux}: the MUX side of the hello, then frames to and from the SVM. */
final class MuxSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MuxSession.class);

    private final SSLSocket socket;
    private final FakeMux mux;
    private final FrameWriter writer;
    private final OutputStream raw;
    private final Map<Long, CompletableFuture<Verdict>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong eventIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean established;

    MuxSession(SSLSocket socket, FakeMux mux) throws IOException {
        this.socket = socket;
        this.mux = mux;
        this.raw = socket.getOutputStream();
        this.writer = new FrameWriter(raw, Frames.MAX_FRAME_BYTES);
    }

    @Override
    public void run() {
        try {
            FrameReader reader = new FrameReader(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024), PartnerFrame.parser(), Frames.HELLO_MAX_FRAME_BYTES);
            PartnerFrame first = reader.next();
            if (first == null || !hello(first)) {
                return;
            }
            reader.maxFrameBytes(Frames.MAX_FRAME_BYTES);
            for (PartnerFrame frame = next(reader); frame != null; frame = next(reader)) {
                mux.received(this, frame);
            }
        } catch (IOException e) {
            LOG.debug("fake MUX connection ended: {}", e.toString());
        } finally {
            close(null);
        }
    }

    boolean established() {
        return established;
    }

    private PartnerFrame next(FrameReader reader) throws IOException {
        while (mux.readingPaused() && !closed.get()) {
            LockSupport.parkNanos(1_000_000);
        }
        return reader.next();
    }

    private boolean hello(PartnerFrame frame) {
        if (!frame.hasHello()) {
            close(goodbye(GoodbyeReason.PROTOCOL_ERROR, "the first frame must be ServiceHello"));
            return false;
        }
        ServiceHello hello = frame.getHello();
        mux.helloReceived(hello);
        List<Integer> versions = mux.supportedVersions();
        if (Frames.negotiate(hello.getVersionsList(), versions).isEmpty()) {
            PartnerFrame refusal = PartnerFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason(GoodbyeReason.VERSION_UNSUPPORTED)
                    .setMessage("no common protocol version").addAllSupportedVersions(versions)).build();
            close(refusal);
            return false;
        }
        if (!mux.accepts(hello)) {
            close(goodbye(GoodbyeReason.AUTHENTICATION_FAILED, "authentication failed"));
            return false;
        }
        int version = Frames.negotiate(hello.getVersionsList(), versions).getAsInt();
        send(PartnerFrame.newBuilder().setWelcome(Welcome.newBuilder().setVersion(version).setMaxFrameBytes(Frames.MAX_FRAME_BYTES)
                .setHeartbeatIntervalMs((int) mux.heartbeatInterval().toMillis()).setSessionId(UUID.randomUUID().toString())
                .setHostId(mux.hostId())).build());
        established = true;
        mux.established(this);
        return true;
    }

    /** Sends {@code event} with a fresh id; the future completes with the SVM's verdict when it awaits one. */
    CompletableFuture<Verdict> sendEvent(Event event, boolean awaits, Duration deadline) {
        long id = eventIds.incrementAndGet();
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        if (awaits) {
            waiting.put(id, verdict);
        } else {
            verdict.complete(null);
        }
        send(PartnerFrame.newBuilder().setEvent(event.toBuilder().setId(id).setAwaitsVerdict(awaits)
                .setDeadlineMs(awaits ? (int) deadline.toMillis() : 0)).build());
        return verdict;
    }

    void verdictReceived(io.interpose.protocol.gi.Verdict verdict) {
        CompletableFuture<Verdict> future = waiting.remove(verdict.getEventId());
        if (future == null) {
            mux.unexpectedVerdict(verdict);
            return;
        }
        try {
            future.complete(new Verdict(verdict.getDecision(), Duration.ofMillis(verdict.getCacheTtlMs()), verdict.getReason()));
        } catch (IllegalArgumentException e) {
            future.completeExceptionally(e);
        }
    }

    void send(PartnerFrame frame) {
        sendAll(List.of(frame));
    }

    void sendAll(List<PartnerFrame> frames) {
        synchronized (writer) {
            try {
                for (PartnerFrame frame : frames) {
                    writer.write(frame);
                }
                writer.flush();
            } catch (IOException e) {
                LOG.debug("fake MUX could not send: {}", e.toString());
                close(null);
            }
        }
    }

    /** Writes {@code bytes} as they are, framing or not. */
    void sendRaw(byte[] bytes) {
        synchronized (writer) {
            try {
                writer.flush();
                raw.write(bytes);
                raw.flush();
            } catch (IOException e) {
                close(null);
            }
        }
    }

    void close(PartnerFrame last) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (last != null) {
            synchronized (writer) {
                try {
                    writer.write(last);
                    writer.flush();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("fake MUX could not say goodbye: {}", e.toString());
                }
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing: {}", e.toString());
        }
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the SVM's connection closed before its verdict")));
        mux.ended(this);
    }

    static PartnerFrame goodbye(GoodbyeReason reason, String message) {
        return PartnerFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason(reason).setMessage(message)).build();
    }
}
