package io.interpose.guest.link;

import io.interpose.protocol.wire.ChannelStreams;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A protocol-level fake of the Context MUX's guest side, for tests: a Unix domain server that checks the
 * hello (version, a credential rule), sends Welcome and Interest, answers events that await a verdict by a
 * scripted rule (or stays silent), sends Query, Remediation, Heartbeat or any frame, and can close or stop.
 */
public final class FakeMux implements AutoCloseable {

    private final Path socket;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<EventType, LongAdder> eventCounts = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong();
    private volatile ServerSocketChannel server;
    volatile Predicate<GuestHello> accepts = hello -> true;
    volatile Interest interest = Interest.newBuilder().addDecide(EventType.FILE_OPEN).addNotify(EventType.PROCESS_START)
            .setVerdictDeadlineMs(500).setDefaultDecision(Decision.ALLOW).build();
    volatile Function<Event, Optional<Decision>> rule = event -> Optional.of(Decision.ALLOW);
    volatile int heartbeatMs = 5_000;
    volatile int cacheTtlMs;
    volatile boolean recordEvents = true;
    volatile java.util.Set<Integer> versions = java.util.Set.of(Frames.GI_VERSION);
    volatile boolean paused;
    final Queue<Event> events = new ConcurrentLinkedQueue<>();

    public FakeMux(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    public FakeMux interest(Interest next) {
        interest = next;
        sessions.forEach(s -> s.send(GuestFrame.newBuilder().setInterest(next).build()));
        return this;
    }

    public FakeMux rule(Function<Event, Optional<Decision>> next) {
        rule = next;
        return this;
    }

    /** The cache hint every verdict carries from now on (0, the default: none). */
    public FakeMux cacheTtlMs(int ttl) {
        cacheTtlMs = ttl;
        return this;
    }

    public FakeMux accepting(Predicate<GuestHello> next) {
        accepts = next;
        return this;
    }

    public FakeMux heartbeatMs(int ms) {
        heartbeatMs = ms;
        return this;
    }

    public FakeMux recordEvents(boolean record) {
        recordEvents = record;
        return this;
    }

    /** The protocol versions this fake accepts. */
    public FakeMux versions(Integer... accepted) {
        versions = java.util.Set.of(accepted);
        return this;
    }

    /** Stops (true) or resumes reading from every session, so that the guest's writes back up. */
    public FakeMux paused(boolean pause) {
        paused = pause;
        return this;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public long eventCount(EventType type) {
        LongAdder count = eventCounts.get(type);
        return count == null ? 0 : count.sum();
    }

    public long eventCount() {
        return eventCounts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** The newest session that is still open. */
    public Optional<Session> session() {
        List<Session> open = sessions.stream().filter(s -> !s.closed).toList();
        return open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1));
    }

    public FakeMux start() throws IOException {
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accept = new Thread(this::acceptLoop, "fake-mux-accept");
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    /** Stops listening and drops every session without a goodbye. */
    public void stop() throws IOException {
        server.close();
        sessions.forEach(Session::close);
        Files.deleteIfExists(socket);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void acceptLoop() {
        ServerSocketChannel listening = server;
        try {
            while (listening.isOpen()) {
                Session session = new Session(ChannelStreams.of(listening.accept()));
                sessions.add(session);
                Thread reader = new Thread(session::run, "fake-mux-session");
                reader.setDaemon(true);
                reader.start();
            }
        } catch (IOException e) {
            // stopped
        }
    }

    /** One guest connection as the fake MUX sees it. */
    public final class Session {
        private final ChannelStreams channel;
        private final FrameReader reader;
        private final BufferedInputStream input;
        private final FrameWriter writer;
        private final Map<Long, CompletableFuture<QueryResult>> queries = new ConcurrentHashMap<>();
        private final Map<Long, CompletableFuture<RemediationResult>> remediations = new ConcurrentHashMap<>();
        final Queue<Heartbeat> heartbeats = new ConcurrentLinkedQueue<>();
        final Queue<Goodbye> goodbyes = new ConcurrentLinkedQueue<>();
        volatile GuestHello hello;
        volatile boolean closed;
        private boolean dirty;

        Session(ChannelStreams channel) {
            this.channel = channel;
            this.input = new BufferedInputStream(channel.input(), 64 * 1024);
            this.reader = new FrameReader(input, GuestFrame.parser(), Frames.MAX_FRAME_BYTES);
            this.writer = new FrameWriter(channel.output(), Frames.MAX_FRAME_BYTES);
        }

        public GuestHello hello() {
            return hello;
        }

        public List<Heartbeat> heartbeats() {
            return List.copyOf(heartbeats);
        }

        public List<Goodbye> goodbyes() {
            return List.copyOf(goodbyes);
        }

        public CompletableFuture<QueryResult> query(Query query) {
            long id = nextRequestId.incrementAndGet();
            CompletableFuture<QueryResult> result = new CompletableFuture<>();
            queries.put(id, result);
            send(GuestFrame.newBuilder().setQuery(query.toBuilder().setId(id)).build());
            return result;
        }

        public CompletableFuture<RemediationResult> remediate(Remediation order) {
            long id = nextRequestId.incrementAndGet();
            CompletableFuture<RemediationResult> result = new CompletableFuture<>();
            remediations.put(id, result);
            send(GuestFrame.newBuilder().setRemediation(order.toBuilder().setId(id)).build());
            return result;
        }

        /** Writes and flushes any frame. */
        public void send(GuestFrame frame) {
            sendBytes(frame.toByteArray());
        }

        /** Writes and flushes a frame body as given (which may not parse as anything this test knows). */
        public synchronized void sendBytes(byte[] body) {
            try {
                writer.flush();
                channel.output().write(java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
            } catch (IOException e) {
                close();
            }
        }

        public void goodbye(GoodbyeReason reason) {
            send(GuestFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason(reason).setMessage("fake")).build());
            close();
        }

        public void close() {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // already closed
            }
        }

        private void run() {
            try {
                if (!greet(reader.next())) {
                    return;
                }
                for (GuestFrame frame = next(); frame != null; frame = next()) {
                    handle(frame);
                    flushIfIdle();
                }
            } catch (IOException e) {
                // the guest went away
            } finally {
                close();
            }
        }

        private GuestFrame next() throws IOException {
            while (paused && !closed) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return reader.next();
        }

        private boolean greet(GuestFrame first) {
            hello = first.getHello();
            if (hello.getVersionsList().stream().noneMatch(versions::contains)) {
                goodbyeWith(Goodbye.newBuilder().setReason(GoodbyeReason.VERSION_UNSUPPORTED).addAllSupportedVersions(versions));
                return false;
            }
            if (!accepts.test(hello)) {
                goodbyeWith(Goodbye.newBuilder().setReason(GoodbyeReason.AUTHENTICATION_FAILED).setMessage("not you"));
                return false;
            }
            send(GuestFrame.newBuilder().setWelcome(Welcome.newBuilder().setVersion(1).setMaxFrameBytes(Frames.MAX_FRAME_BYTES)
                    .setHeartbeatIntervalMs(heartbeatMs).setSessionId("s-" + sessions.size()).setHostId("host-1")).build());
            send(GuestFrame.newBuilder().setInterest(interest).build());
            return true;
        }

        private void goodbyeWith(Goodbye.Builder goodbye) {
            send(GuestFrame.newBuilder().setGoodbye(goodbye).build());
            close();
        }

        private void handle(GuestFrame frame) {
            switch (frame.getBodyCase()) {
                case EVENT -> onEvent(frame.getEvent());
                case HEARTBEAT -> onHeartbeat(frame.getHeartbeat());
                case QUERY_RESULT -> queries.remove(frame.getQueryResult().getQueryId()).complete(frame.getQueryResult());
                case REMEDIATION_RESULT -> remediations.remove(frame.getRemediationResult().getRemediationId())
                        .complete(frame.getRemediationResult());
                case GOODBYE -> goodbyes.add(frame.getGoodbye());
                default -> { }
            }
        }

        private void onEvent(Event event) {
            eventCounts.computeIfAbsent(event.getType(), t -> new LongAdder()).increment();
            if (recordEvents) {
                events.add(event);
            }
            if (event.getAwaitsVerdict()) {
                rule.apply(event).ifPresent(decision -> buffer(GuestFrame.newBuilder().setVerdict(Verdict.newBuilder()
                        .setEventId(event.getId()).setDecision(decision).setCacheTtlMs(cacheTtlMs).setSource(VerdictSource.SERVICES))
                        .build()));
            }
        }

        private void onHeartbeat(Heartbeat heartbeat) {
            heartbeats.add(heartbeat);
            if (!heartbeat.getReply()) {
                buffer(GuestFrame.newBuilder().setHeartbeat(heartbeat.toBuilder().setReply(true)).build());
            }
        }

        private synchronized void buffer(GuestFrame frame) {
            try {
                writer.write(frame);
                dirty = true;
            } catch (IOException e) {
                close();
            }
        }

        private synchronized void flushIfIdle() throws IOException {
            if (dirty && input.available() == 0) {
                writer.flush();
                dirty = false;
            }
        }
    }
}
