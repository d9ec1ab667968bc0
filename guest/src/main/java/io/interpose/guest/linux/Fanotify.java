package io.interpose.guest.linux;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A fanotify group: a non-blocking file descriptor on which the kernel reports file events under the
 * group's marks. A <b>permission</b> group ({@code FAN_CLASS_CONTENT}) holds each opener until the
 * group answers; closing it allows every unanswered event. A <b>notification</b> group only reports.
 * Both have unlimited queues (a bounded queue that overflows lets opens through unseen), so the reader
 * bounds its own work. Needs {@code CAP_SYS_ADMIN}.
 *
 * <p>Answers may come from any thread; {@link #close()} waits for an answer being written, and an
 * answer after it is dropped, so a descriptor number reused after the close is never written to.
 */
final class Fanotify implements Closeable {

    private final int fd;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ByteBuffer response = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private boolean open = true;
    private final LongAdder unreadable = new LongAdder();

    private Fanotify(int fd) {
        this.fd = fd;
    }

    /** A group whose openers wait for an answer. */
    static Fanotify permissions() throws IOException {
        return init(LinuxNative.FAN_CLASS_CONTENT);
    }

    /** A group that only reports. */
    static Fanotify notifications() throws IOException {
        return init(LinuxNative.FAN_CLASS_NOTIF);
    }

    /**
     * A group that reports directory entries created, deleted and renamed, naming the directory by file
     * handle and the entry by name (no descriptors). Works on file-system marks only.
     */
    static Fanotify directoryEntries() throws IOException {
        return init(LinuxNative.FAN_CLASS_NOTIF | LinuxNative.FAN_REPORT_DFID_NAME);
    }

    private static Fanotify init(int groupClass) throws IOException {
        int flags = groupClass | LinuxNative.FAN_CLOEXEC | LinuxNative.FAN_NONBLOCK | LinuxNative.FAN_UNLIMITED_QUEUE
                | LinuxNative.FAN_UNLIMITED_MARKS;
        try {
            return new Fanotify(LinuxNative.fanotify_init(flags, LinuxNative.EVENT_FILE_FLAGS));
        } catch (LastErrorException e) {
            throw new IOException("fanotify_init failed (errno " + e.getErrorCode() + "; the agent needs root and "
                    + "a kernel with CONFIG_FANOTIFY_ACCESS_PERMISSIONS)", e);
        }
    }

    int fd() {
        return fd;
    }

    /** Adds {@code mask} to the mark on the file system or mount holding {@code path}. */
    void mark(Path path, MarkScope scope, long mask) throws IOException {
        change(LinuxNative.FAN_MARK_ADD, path, scope, mask);
    }

    /** Removes {@code mask} from that mark (a mark left with no events goes away). */
    void unmark(Path path, MarkScope scope, long mask) throws IOException {
        change(LinuxNative.FAN_MARK_REMOVE, path, scope, mask);
    }

    private void change(int action, Path path, MarkScope scope, long mask) throws IOException {
        if (mask == 0) {
            return;
        }
        try {
            LinuxNative.fanotify_mark(fd, action | scope.flag(), mask, LinuxNative.AT_FDCWD, path.toString());
        } catch (LastErrorException e) {
            throw new IOException("fanotify_mark on " + path + " failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    /**
     * Stops reporting {@code mask} for the file behind {@code eventFd} (an ignore mask on its inode), until
     * the file's content is modified or {@link #flushFileMarks()}.
     */
    void ignore(int eventFd, long mask) throws IOException {
        try {
            LinuxNative.fanotify_mark(fd, LinuxNative.FAN_MARK_ADD | LinuxNative.FAN_MARK_IGNORED_MASK, mask, eventFd, null);
        } catch (LastErrorException e) {
            throw new IOException("an ignore mark failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    /** Removes every mark on a single file (the ignore marks), leaving the file-system and mount marks. */
    void flushFileMarks() throws IOException {
        try {
            LinuxNative.fanotify_mark(fd, LinuxNative.FAN_MARK_FLUSH, 0, LinuxNative.AT_FDCWD, null);
        } catch (LastErrorException e) {
            throw new IOException("flushing the file marks failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    /** The events waiting now (none when there are none: the group never blocks). */
    List<FanotifyEvent> read(ByteBuffer buffer) throws IOException {
        fill(buffer);
        return FanotifyEvent.parse(buffer);
    }

    /**
     * Reads what is waiting into {@code buffer} (position 0 to limit; empty when nothing waits). When the
     * process is out of file descriptors ({@code EMFILE}, {@code ENFILE}) the kernel cannot hand an event
     * over; it denies a permission event it could not deliver, and the read comes back empty (counted in
     * {@link #unreadable()}): the reader goes on.
     */
    void fill(ByteBuffer buffer) throws IOException {
        buffer.clear();
        long n;
        try {
            n = LinuxNative.read(fd, buffer, buffer.capacity());
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LinuxNative.EMFILE || errno == LinuxNative.ENFILE) {
                unreadable.increment();
            }
            if (errno == LinuxNative.EAGAIN || errno == LinuxNative.EINTR || errno == LinuxNative.EMFILE
                    || errno == LinuxNative.ENFILE) {
                buffer.limit(0);
                return;
            }
            throw new IOException("reading fanotify events failed (errno " + e.getErrorCode() + ")", e);
        }
        buffer.limit((int) n);
    }

    /** Events the kernel could not hand over for want of a file descriptor (it denied the permission ones). */
    long unreadable() {
        return unreadable.sum();
    }

    /**
     * Answers a permission event. False when the group is closed (the kernel allowed the event then) or
     * the event was already answered.
     */
    boolean respond(int eventFd, boolean allow) {
        lock.readLock().lock();
        try {
            if (!open) {
                return false;
            }
            synchronized (response) {
                response.clear();
                response.putInt(eventFd).putInt(allow ? LinuxNative.FAN_ALLOW : LinuxNative.FAN_DENY).flip();
                LinuxNative.write(fd, response, 8);
            }
            return true;
        } catch (LastErrorException alreadyAnswered) {
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes an event's file descriptor (each event has one, answered or not). */
    static void release(FanotifyEvent event) {
        if (event.fd() >= 0) {
            try {
                LinuxNative.close(event.fd());
            } catch (LastErrorException ignored) {
                // EBADF cannot happen for a descriptor we own; EINTR still closed it on Linux
            }
        }
    }

    /** Closes the group: the kernel allows every event still waiting for an answer. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (open) {
                open = false;
                LinuxNative.close(fd);
            }
        } catch (LastErrorException ignored) {
            // closed all the same
        } finally {
            lock.writeLock().unlock();
        }
    }
}
