package io.interpose.sdk.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fake MUX's TLS listener on a loopback port, kept across {@link #rebind()}s; one thread per connection. */
final class MuxListener {
    private static final Logger LOG = LoggerFactory.getLogger(MuxListener.class);

    private final SSLContext context;
    private final FakeMux mux;
    private volatile SSLServerSocket server;
    private volatile int port;

    MuxListener(SSLContext context, FakeMux mux) {
        this.context = context;
        this.mux = mux;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Listens (again) on the same port, or on a free one the first time. The port may be briefly taken
     * by a client's reconnect attempt (a loopback TCP self-connect), so binding is retried for 5 s.
     */
    synchronized void rebind() throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        SSLServerSocket socket = bind();
        while (socket == null) {
            if (System.nanoTime() > end) {
                throw new BindException("the fake MUX cannot listen on port " + port + " again");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            socket = bind();
        }
        port = socket.getLocalPort();
        server = socket;
        SSLServerSocket listening = socket;
        Thread acceptor = new Thread(() -> accept(listening), "fake-mux-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private SSLServerSocket bind() throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return socket;
        } catch (BindException e) {
            socket.close();
            return null;
        }
    }

    synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the fake MUX listener: {}", e.toString());
        }
    }

    private void accept(SSLServerSocket socket) {
        try {
            while (!socket.isClosed()) {
                SSLSocket connection = (SSLSocket) socket.accept();
                connection.setTcpNoDelay(true);
                Thread thread = new Thread(new MuxSession(connection, mux), "fake-mux-session");
                thread.setDaemon(true);
                thread.start();
            }
        } catch (SocketException e) {
            LOG.debug("fake MUX listener closed");
        } catch (IOException e) {
            LOG.warn("fake MUX listener failed", e);
        }
    }
}
