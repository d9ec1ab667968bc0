package io.interpose.guest.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;

/**
 * The C library calls the thin agent makes (JNA direct mapping: no reflection per call). Values are
 * those of the Linux UAPI ({@code linux/fanotify.h}, {@code asm-generic/fcntl.h}). Every call that can
 * fail throws {@link LastErrorException} carrying {@code errno}.
 */
final class LinuxNative {

    static final int FAN_CLOEXEC = 0x1;
    static final int FAN_NONBLOCK = 0x2;
    static final int FAN_CLASS_NOTIF = 0x0;
    static final int FAN_CLASS_CONTENT = 0x4;
    static final int FAN_UNLIMITED_QUEUE = 0x10;
    static final int FAN_UNLIMITED_MARKS = 0x20;

    static final int FAN_MARK_ADD = 0x1;
    static final int FAN_MARK_REMOVE = 0x2;
    static final int FAN_MARK_IGNORED_MASK = 0x20;
    static final int FAN_MARK_FLUSH = 0x80;
    static final int FAN_MARK_MOUNT = 0x10;
    static final int FAN_MARK_FILESYSTEM = 0x100;

    static final int FAN_REPORT_DFID_NAME = 0x400 | 0x800;
    static final int FAN_EVENT_INFO_TYPE_DFID_NAME = 2;
    static final int FAN_EVENT_INFO_TYPE_OLD_DFID_NAME = 10;
    static final int FAN_EVENT_INFO_TYPE_NEW_DFID_NAME = 12;

    static final long FAN_CLOSE_WRITE = 0x8;
    static final long FAN_CREATE = 0x100;
    static final long FAN_DELETE = 0x200;
    static final long FAN_RENAME = 0x10000000;
    static final long FAN_ONDIR = 0x40000000;
    static final long FAN_Q_OVERFLOW = 0x4000;
    static final long FAN_OPEN_PERM = 0x10000;
    static final long FAN_OPEN_EXEC_PERM = 0x40000;

    static final int FAN_ALLOW = 0x1;
    static final int FAN_DENY = 0x2;
    static final int FAN_NOFD = -1;
    static final int FANOTIFY_METADATA_VERSION = 3;

    /** {@code O_RDONLY | O_CLOEXEC | O_NOATIME}; the kernel adds O_LARGEFILE on 64-bit. */
    static final int EVENT_FILE_FLAGS = 0x80000 | 0x40000;

    /** {@code O_RDONLY | O_CLOEXEC}. */
    static final int READ_ONLY = 0x80000;
    /** {@code O_PATH | O_CLOEXEC}: a handle on a path that opens nothing (no permission event). */
    static final int PATH_ONLY = 0x200000 | 0x80000;

    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final short POLLIN = 0x1;
    static final int AT_FDCWD = -100;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOENT = 2;
    static final int ENFILE = 23;
    static final int EMFILE = 24;

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private LinuxNative() {
    }

    static native int fanotify_init(int flags, int eventFileFlags) throws LastErrorException;

    static native int fanotify_mark(int fanotifyFd, int flags, long mask, int dirFd, String path) throws LastErrorException;

    static native long read(int fd, ByteBuffer buffer, long count) throws LastErrorException;

    static native long write(int fd, ByteBuffer buffer, long count) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    /** {@code handle} is a {@code struct file_handle} as fanotify reports it. */
    static native int open_by_handle_at(int mountFd, ByteBuffer handle, int flags) throws LastErrorException;

    static native int eventfd(int initialValue, int flags) throws LastErrorException;

    /** {@code fds} holds {@code struct pollfd {int fd; short events; short revents;}} entries, 8 bytes each. */
    static native int poll(ByteBuffer fds, long count, int timeoutMillis) throws LastErrorException;

    static native int getpid();
}
