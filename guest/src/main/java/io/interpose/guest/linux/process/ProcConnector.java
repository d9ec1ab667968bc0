package io.interpose.guest.linux.process;

import com.sun.jna.LastErrorException;
import io.interpose.guest.linux.Poller;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A non-blocking {@code NETLINK_CONNECTOR} socket subscribed to the process connector's multicast group,
 * and an eventfd that wakes its reader. For one reading thread; {@link #wake()} from any thread.
 * Needs {@code CAP_NET_ADMIN} and a kernel with {@code CONFIG_PROC_EVENTS}.
 */
final class ProcConnector implements Closeable {

    /** What {@link #receive} found. */
    enum Received {
        /** A datagram from the kernel, between the buffer's position and limit. */
        DATAGRAM,
        /** The socket's buffer overflowed: the kernel dropped events (how many is unknown). */
        OVERFLOW,
        /** A datagram that did not come from the kernel (another local process): dropped. */
        FOREIGN,
        /** {@link #wake()} was called. */
        WOKEN
    }

    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_CN_MCAST_IGNORE = 2;
    private static final int NLMSG_DONE = 3;
    private static final int SOCKADDR_NL_BYTES = 12;
    /** The socket's receive buffer asked for by default (the kernel doubles it for its bookkeeping). */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final int socket;
    private final Poller poller;
    private final ByteBuffer sender = direct(SOCKADDR_NL_BYTES);
    private final ByteBuffer senderLength = direct(4);

    private ProcConnector(int socket, Poller poller) {
        this.socket = socket;
        this.poller = poller;
    }

    /**
     * Opens, binds and subscribes, asking for a receive buffer of {@code receiveBufferBytes}.
     *
     * @throws IOException when the socket cannot be opened or bound (EPERM: no {@code CAP_NET_ADMIN};
     *     EPROTONOSUPPORT: no connector in this kernel) or the subscription cannot be sent
     */
    static ProcConnector open(int receiveBufferBytes) throws IOException {
        int socket = call("socket", () -> NetlinkNative.socket(NetlinkNative.AF_NETLINK,
                NetlinkNative.SOCK_DGRAM | NetlinkNative.SOCK_NONBLOCK | NetlinkNative.SOCK_CLOEXEC, NetlinkNative.NETLINK_CONNECTOR));
        Poller poller = null;
        try {
            setReceiveBuffer(socket, receiveBufferBytes);
            ByteBuffer address = direct(SOCKADDR_NL_BYTES).putShort(0, (short) NetlinkNative.AF_NETLINK)
                    .putInt(8, ProcEvent.CN_IDX_PROC);
            call("bind", () -> NetlinkNative.bind(socket, address, SOCKADDR_NL_BYTES));
            poller = new Poller(socket);
            ProcConnector connector = new ProcConnector(socket, poller);
            connector.subscription(PROC_CN_MCAST_LISTEN);
            return connector;
        } catch (IOException e) {
            if (poller != null) {
                poller.close();
            }
            quietClose(socket);
            throw e;
        }
    }

    /** Root may go past {@code net.core.rmem_max}: a larger buffer overflows later in bursts of forks. */
    private static void setReceiveBuffer(int socket, int bytes) {
        ByteBuffer size = direct(4).putInt(0, bytes);
        try {
            NetlinkNative.setsockopt(socket, NetlinkNative.SOL_SOCKET, NetlinkNative.SO_RCVBUFFORCE, size, 4);
        } catch (LastErrorException notPermitted) {
            try {
                NetlinkNative.setsockopt(socket, NetlinkNative.SOL_SOCKET, NetlinkNative.SO_RCVBUF, size, 4);
            } catch (LastErrorException keepTheDefault) {
                // the default buffer works, it only overflows sooner
            }
        }
    }

    /** Sends {@code PROC_CN_MCAST_LISTEN} or {@code PROC_CN_MCAST_IGNORE} to the kernel. */
    private void subscription(int operation) throws IOException {
        int length = ProcEvent.NLMSG_HDRLEN + ProcEvent.CN_MSG_BYTES + 4;
        ByteBuffer message = direct(length).putInt(0, length).putShort(4, (short) NLMSG_DONE)
                .putInt(16, ProcEvent.CN_IDX_PROC).putInt(20, ProcEvent.CN_VAL_PROC).putShort(32, (short) 4)
                .putInt(36, operation);
        call("send", () -> (int) NetlinkNative.send(socket, message, length, 0));
    }

    /**
     * Waits for the next datagram and reads it into {@code buffer} (a direct buffer; a datagram longer
     * than it is cut).
     *
     * @throws IOException when the socket fails for another reason than an overflow or a signal
     */
    Received receive(ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            sender.clear();
            senderLength.putInt(0, SOCKADDR_NL_BYTES);
            try {
                long n = NetlinkNative.recvfrom(socket, buffer, buffer.capacity(), 0, sender, senderLength);
                buffer.limit((int) n);
                return sender.getInt(4) == 0 ? Received.DATAGRAM : Received.FOREIGN;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == NetlinkNative.ENOBUFS) {
                    return Received.OVERFLOW;
                }
                if (e.getErrorCode() != NetlinkNative.EAGAIN && e.getErrorCode() != NetlinkNative.EINTR) {
                    throw new IOException("recvfrom on the process connector failed (errno " + e.getErrorCode() + ")", e);
                }
            }
            if (awaitReadable()) {
                return Received.WOKEN;
            }
        }
    }

    /** Polls until the socket is readable (false) or {@link #wake()} was called (true). */
    private boolean awaitReadable() throws IOException {
        return poller.await() == null;
    }

    /** Makes the waiting (or next) {@link #receive} return {@link Received#WOKEN}. */
    void wake() {
        poller.wake();
    }

    /** Unsubscribes (best effort) and closes the socket and the eventfd. Call once the reader is done. */
    @Override
    public void close() {
        try {
            subscription(PROC_CN_MCAST_IGNORE);
        } catch (IOException closingAnyway) {
            // closing the socket ends the subscription too
        }
        quietClose(socket);
        poller.close();
    }

    private static void quietClose(int fd) {
        if (fd >= 0) {
            try {
                NetlinkNative.close(fd);
            } catch (LastErrorException ignored) {
                // closed all the same
            }
        }
    }

    private interface NativeCall {
        int run() throws LastErrorException;
    }

    private static int call(String name, NativeCall call) throws IOException {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw new IOException(name + " on the process connector failed (errno " + e.getErrorCode()
                    + "; the agent needs CAP_NET_ADMIN and a kernel with CONFIG_PROC_EVENTS)", e);
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
