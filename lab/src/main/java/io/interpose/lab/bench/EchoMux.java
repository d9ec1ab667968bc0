package io.interpose.lab.bench;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.ChannelStreams;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's baseline: the smallest server of the guest link. It welcomes every guest without checking
 * it, asks for the partner's event types, counts notifications and answers every event that awaits a verdict
 * with ALLOW at once. Same framing, same socket kind and the same threads per connection as the MUX (a
 * reader, and a writer that flushes when its queue is empty), but no TLS, no second hop, no SDK, no routing,
 * no metrics: what the platform adds is the difference.
 */
final class EchoMux implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final LongAdder notifications = new LongAdder();
    private final List<ChannelStreams> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private EchoMux(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = daemon(this::accept, "echo-mux-accept");
    }

    /** Listens on {@code socket} (a stale file is replaced). */
    static EchoMux start(Path socket) throws IOException {
        EchoMux mux = new EchoMux(socket);
        mux.acceptor.start();
        return mux;
    }

    Path socket() {
        return socket;
    }

    long notifications() {
        return notifications.sum();
    }

    private void accept() {
        int n = 0;
        while (!closed) {
            try {
                ChannelStreams channel = ChannelStreams.of(server.accept());
                connections.add(channel);
                daemon(() -> serve(channel), "echo-mux-read-" + (++n)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(ChannelStreams channel) {
        LinkedBlockingQueue<GuestFrame> out = new LinkedBlockingQueue<>();
        Thread writer = daemon(() -> write(channel, out), "echo-mux-write");
        try {
            FrameReader reader = new FrameReader(channel.input(), GuestFrame.parser(),
                    Frames.MAX_FRAME_BYTES);
            GuestFrame hello = reader.next();
            if (hello == null || !hello.hasHello()) {
                return;
            }
            out.add(GuestFrame.newBuilder().setWelcome(Welcome.newBuilder().setVersion(Frames.GI_VERSION)
                    .setMaxFrameBytes(Frames.MAX_FRAME_BYTES).setHeartbeatIntervalMs(5_000).setSessionId("echo")).build());
            out.add(GuestFrame.newBuilder().setInterest(Interest.newBuilder().addDecide(BenchPartner.DECIDED)
                    .addNotify(BenchPartner.NOTIFIED).setVerdictDeadlineMs(1_100).setDefaultDecision(Decision.ALLOW)).build());
            writer.start();
            for (GuestFrame frame = reader.next(); frame != null; frame = reader.next()) {
                answer(frame, out);
            }
        } catch (IOException e) {
            // the guest went away, or the bench closed us
        } finally {
            writer.interrupt();
            closeQuietly(channel);
        }
    }

    private void answer(GuestFrame frame, LinkedBlockingQueue<GuestFrame> out) {
        if (frame.hasEvent() && frame.getEvent().getAwaitsVerdict()) {
            out.add(GuestFrame.newBuilder().setVerdict(Verdict.newBuilder().setEventId(frame.getEvent().getId())
                    .setDecision(Decision.ALLOW)).build());
        } else if (frame.hasEvent()) {
            notifications.increment();
        } else if (frame.hasHeartbeat() && !frame.getHeartbeat().getReply()) {
            out.add(GuestFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .setSequence(frame.getHeartbeat().getSequence()).setReply(true)).build());
        }
    }

    private static void write(ChannelStreams channel, LinkedBlockingQueue<GuestFrame> out) {
        FrameWriter writer = new FrameWriter(channel.output(), Frames.MAX_FRAME_BYTES);
        List<GuestFrame> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(out.take());
                out.drainTo(batch, 511);
                for (GuestFrame frame : batch) {
                    writer.write(frame);
                }
                batch.clear();
                if (out.isEmpty()) {
                    writer.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(channel);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        connections.forEach(EchoMux::closeQuietly);
        try {
            Files.deleteIfExists(socket);
            acceptor.join(TimeUnit.SECONDS.toMillis(1));
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
