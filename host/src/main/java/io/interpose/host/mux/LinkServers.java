package io.interpose.host.mux;

import com.google.protobuf.Parser;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.wire.ChannelStreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two listening sockets: the guest link's Unix domain socket and the partner link's TCP port
 * (TLS is layered on each accepted socket so that the handshake runs on the connection's own thread
 * and a stuck peer can always be cut off by closing the plain socket). Each accepted connection gets
 * its session, a hello timeout, and heartbeat care on every tick.
 */
final class LinkServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkServers.class);
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    static final Connection.Link<GuestFrame> GUEST_LINK = new Connection.Link<>() {
        public Parser<GuestFrame> parser() {
            return GuestFrame.parser();
        }

        public GuestFrame goodbye(Goodbye goodbye) {
            return GuestFrame.newBuilder().setGoodbye(goodbye).build();
        }

        public GuestFrame heartbeat(Heartbeat heartbeat) {
            return GuestFrame.newBuilder().setHeartbeat(heartbeat).build();
        }
    };

    static final Connection.Link<PartnerFrame> PARTNER_LINK = new Connection.Link<>() {
        public Parser<PartnerFrame> parser() {
            return PartnerFrame.parser();
        }

        public PartnerFrame goodbye(Goodbye goodbye) {
            return PartnerFrame.newBuilder().setGoodbye(goodbye).build();
        }

        public PartnerFrame heartbeat(Heartbeat heartbeat) {
            return PartnerFrame.newBuilder().setHeartbeat(heartbeat).build();
        }
    };

    private final MuxConfig config;
    private final Switchboard board;
    private final ScheduledExecutorService scheduler;
    private final Set<Connection<?>> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong numbers = new AtomicLong();
    private final ServerSocketChannel guestServer;
    private final ServerSocket partnerServer;

    LinkServers(MuxConfig config, Switchboard board, ScheduledExecutorService scheduler) throws IOException {
        this.config = config;
        this.board = board;
        this.scheduler = scheduler;
        Files.deleteIfExists(config.guestSocket());
        guestServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            guestServer.bind(UnixDomainSocketAddress.of(config.guestSocket()));
            partnerServer = new ServerSocket();
            partnerServer.setReuseAddress(true);
            partnerServer.bind(config.partnerBind());
        } catch (IOException e) {
            guestServer.close();
            throw e;
        }
        new Thread(this::acceptGuests, "mux-guest-accept").start();
        new Thread(this::acceptPartners, "mux-partner-accept").start();
    }

    Path guestSocket() {
        return config.guestSocket();
    }

    InetSocketAddress partnerAddress() {
        return (InetSocketAddress) partnerServer.getLocalSocketAddress();
    }

    private void acceptGuests() {
        while (guestServer.isOpen()) {
            try {
                ChannelStreams channel = ChannelStreams.of(guestServer.accept());
                long n = numbers.incrementAndGet();
                Connection<GuestFrame> connection = new Connection<>("guest connection " + n, GUEST_LINK,
                        channel.input(), channel.output(), channel,
                        config.limits().connectionQueueFrames(), scheduler);
                admit(connection, "mux-guest-" + n, new GuestSession(connection, board));
            } catch (IOException e) {
                if (guestServer.isOpen()) {
                    log.warn("Accepting a guest connection failed: {}", e.toString());
                }
            }
        }
    }

    private void acceptPartners() {
        while (!partnerServer.isClosed()) {
            try {
                Socket socket = partnerServer.accept();
                socket.setTcpNoDelay(true);
                SSLSocket tls = (SSLSocket) config.partnerTls().getSocketFactory()
                        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                tls.setUseClientMode(false);
                tls.setNeedClientAuth(false);
                tls.setEnabledProtocols(TLS_PROTOCOLS);
                long n = numbers.incrementAndGet();
                Connection<PartnerFrame> connection = new Connection<>("svm connection from " + socket.getRemoteSocketAddress(),
                        PARTNER_LINK, tls.getInputStream(), tls.getOutputStream(), socket,
                        config.limits().connectionQueueFrames(), scheduler);
                admit(connection, "mux-svm-" + n, new PartnerSession(connection, board, scheduler));
            } catch (IOException e) {
                if (!partnerServer.isClosed()) {
                    log.warn("Accepting an SVM connection failed: {}", e.toString());
                }
            }
        }
    }

    private <F extends com.google.protobuf.MessageLite> void admit(Connection<F> connection, String threadName,
            Connection.Inbound<F> session) {
        connections.add(connection);
        connection.start(threadName, session);
        scheduler.schedule(() -> {
            if (!connection.established() && connection.open()) {
                log.info("Closing {}: no hello within {} ms", connection.peer(), config.limits().helloTimeout().toMillis());
                connection.abort(GoodbyeReason.SHUTDOWN);
            }
        }, config.limits().helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Heartbeats, idle and stuck-writer checks for every connection; forgets closed ones. */
    void tick() {
        long now = System.nanoTime();
        long interval = config.limits().heartbeatInterval().toNanos();
        for (Connection<?> connection : connections) {
            if (!connection.open()) {
                connections.remove(connection);
                continue;
            }
            try {
                connection.tick(now, interval);
            } catch (RuntimeException e) {
                // an exception leaving this task would cancel every later tick, for every connection
                log.error("Closing {}: its periodic care failed", connection.peer(), e);
                connection.abort(GoodbyeReason.SHUTDOWN);
            }
        }
    }

    @Override
    public void close() {
        try {
            guestServer.close();
            partnerServer.close();
        } catch (IOException e) {
            log.debug("Closing the MUX sockets: {}", e.toString());
        }
        connections.forEach(c -> c.close(GoodbyeReason.SHUTDOWN, "the MUX is stopping"));
        try {
            Files.deleteIfExists(config.guestSocket());
        } catch (IOException e) {
            log.debug("Removing {}: {}", config.guestSocket(), e.toString());
        }
    }
}
