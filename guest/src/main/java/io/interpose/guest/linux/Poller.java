package io.interpose.guest.linux;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Waits until one of a few non-blocking descriptors is readable, or until another thread calls
 * {@link #wake()} (an eventfd watched alongside them). For one waiting thread; {@link #wake()} from any.
 */
public final class Poller implements Closeable {

    private static final int POLLFD_BYTES = 8;

    private final int[] fds;
    private final int wakeFd;
    private final ByteBuffer pollFds;
    private final ByteBuffer counter = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());

    public Poller(int... fds) throws IOException {
        this.fds = fds.clone();
        try {
            this.wakeFd = LinuxNative.eventfd(0, LinuxNative.EFD_CLOEXEC | LinuxNative.EFD_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException("eventfd failed (errno " + e.getErrorCode() + ")", e);
        }
        this.pollFds = ByteBuffer.allocateDirect(POLLFD_BYTES * (fds.length + 1)).order(ByteOrder.nativeOrder());
        for (int i = 0; i <= fds.length; i++) {
            pollFds.putInt(i * POLLFD_BYTES, i < fds.length ? fds[i] : wakeFd);
            pollFds.putShort(i * POLLFD_BYTES + 4, LinuxNative.POLLIN);
        }
    }

    /**
     * Blocks until something is readable. Returns which of the descriptors given at construction are
     * (by index), or null when {@link #wake()} was called.
     */
    public boolean[] await() throws IOException {
        while (true) {
            try {
                LinuxNative.poll(pollFds, fds.length + 1L, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxNative.EINTR) {
                    continue;
                }
                throw new IOException("poll failed (errno " + e.getErrorCode() + ")", e);
            }
            if (revents(fds.length) != 0) {
                return null;
            }
            boolean[] ready = new boolean[fds.length];
            for (int i = 0; i < fds.length; i++) {
                ready[i] = revents(i) != 0;
            }
            return ready;
        }
    }

    private short revents(int index) {
        return pollFds.getShort(index * POLLFD_BYTES + 6);
    }

    /** Makes the waiting (or next) {@link #await()} return null. */
    public void wake() {
        synchronized (counter) {
            counter.clear();
            counter.putLong(1).flip();
            try {
                LinuxNative.write(wakeFd, counter, 8);
            } catch (LastErrorException alreadyWoken) {
                // EAGAIN: the counter is full, a wake-up is pending anyway
            }
        }
    }

    @Override
    public void close() {
        try {
            LinuxNative.close(wakeFd);
        } catch (LastErrorException ignored) {
            // closed all the same
        }
    }
}
