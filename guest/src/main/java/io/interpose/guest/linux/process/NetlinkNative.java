package io.interpose.guest.linux.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;

/**
 * The C library calls the process connector needs (JNA direct mapping). Values are those of the Linux
 * UAPI ({@code linux/netlink.h}, {@code linux/connector.h}, {@code linux/cn_proc.h},
 * {@code asm-generic/socket.h}), the same on x86_64 and aarch64. Every call that can fail throws
 * {@link LastErrorException} carrying {@code errno}.
 */
final class NetlinkNative {

    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_CONNECTOR = 11;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private NetlinkNative() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code address} holds a {@code struct sockaddr_nl} (12 bytes). */
    static native int bind(int fd, ByteBuffer address, int length) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, ByteBuffer value, int length) throws LastErrorException;

    static native long send(int fd, ByteBuffer buffer, long length, int flags) throws LastErrorException;

    /** {@code address} receives the sender's {@code struct sockaddr_nl}; {@code addressLength} is a {@code socklen_t}. */
    static native long recvfrom(int fd, ByteBuffer buffer, long length, int flags, ByteBuffer address, ByteBuffer addressLength)
            throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
