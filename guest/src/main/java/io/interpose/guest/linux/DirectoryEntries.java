package io.interpose.guest.linux;

import com.sun.jna.LastErrorException;
import io.interpose.guest.link.CurrentInterest;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.guest.linux.respond.FileContexts;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.ProcessContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports files created, deleted and renamed on the watched file systems ({@code FILE_CREATE},
 * {@code FILE_DELETE}, {@code FILE_RENAME}), after the fact: the kernel cannot hold these, so a service
 * that asks to decide them is told of them instead. A fanotify group reporting directory file handles
 * and entry names; each directory is resolved to its path with {@code open_by_handle_at} (an
 * {@code O_PATH} handle, which opens nothing) and {@code /proc/self/fd}; the kernel wants a real open
 * descriptor on each watched file system for that (an {@code O_PATH} one is refused), opened once at start
 * (a directory: no event, since the marks leave directories out). Works with
 * {@link MarkScope#FILESYSTEM} only (the kernel refuses these events on mount marks). Directories are
 * entries too: their {@code mode} says so (a deleted one's only its type bits). Its own thread; entries
 * made by the agent itself are skipped.
 */
final class DirectoryEntries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryEntries.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int INFO_HEADER_BYTES = 4;
    private static final int FSID_BYTES = 8;
    private static final int HANDLE_HEADER_BYTES = 8;
    /** The POSIX file type bits of a directory: what a deleted directory's {@code mode} says. */
    private static final int S_IFDIR = 0040000;
    private static final int S_IFMT = 0170000;

    /** One directory entry an event names: the directory's file handle and the entry's name. */
    private record Entry(int infoType, ByteBuffer handle, String name) {
    }

    private final Fanotify group;
    private final Poller poller;
    private final List<Path> watched;
    private final int[] mountFds;
    private final Exclusions excluded;
    private final EventSink sink;
    private final ProcessLookup processes;
    private final int ownPid;
    private final Clock clock;
    private final Thread reader;
    private long mask;
    private volatile boolean running = true;

    DirectoryEntries(List<Path> watched, Exclusions excluded, EventSink sink, ProcessLookup processes, Clock clock)
            throws IOException {
        this.group = Fanotify.directoryEntries();
        this.watched = List.copyOf(watched);
        this.mountFds = new int[watched.size()];
        try {
            for (int i = 0; i < mountFds.length; i++) {
                mountFds[i] = LinuxNative.open(watched.get(i).toString(), LinuxNative.READ_ONLY);
            }
            this.poller = new Poller(group.fd());
        } catch (LastErrorException | IOException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("cannot open " + watched, e);
        }
        this.excluded = excluded;
        this.sink = sink;
        this.processes = processes;
        this.ownPid = LinuxNative.getpid();
        this.clock = clock;
        this.reader = new Thread(this::readLoop, "guest-fanotify-entries");
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** Marks the entry events {@code interest} wants, and unmarks the others. */
    synchronized void update(CurrentInterest interest) throws IOException {
        long next = (interest.wants(EventType.FILE_CREATE) ? LinuxNative.FAN_CREATE : 0)
                | (interest.wants(EventType.FILE_DELETE) ? LinuxNative.FAN_DELETE : 0)
                | (interest.wants(EventType.FILE_RENAME) ? LinuxNative.FAN_RENAME : 0);
        next = next == 0 ? 0 : next | LinuxNative.FAN_ONDIR;
        for (Path path : watched) {
            group.mark(path, MarkScope.FILESYSTEM, next & ~mask);
            group.unmark(path, MarkScope.FILESYSTEM, mask & ~next);
        }
        mask = next;
    }

    synchronized long mask() {
        return mask;
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES).order(ByteOrder.nativeOrder());
        try {
            while (running && poller.await() != null) {
                group.fill(buffer);
                parse(buffer);
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("The directory-entry reader stopped: files created, deleted or renamed are no longer reported", e);
            }
        }
    }

    private void parse(ByteBuffer data) {
        int offset = 0;
        while (data.limit() - offset >= FanotifyEvent.METADATA_BYTES) {
            int length = data.getInt(offset);
            if (length < FanotifyEvent.METADATA_BYTES || length > data.limit() - offset) {
                return;
            }
            int metadataLength = Short.toUnsignedInt(data.getShort(offset + 6));
            long eventMask = data.getLong(offset + 8);
            int pid = data.getInt(offset + 20);
            if (pid != ownPid) {
                report(eventMask, pid, entries(data, offset + metadataLength, offset + length));
            }
            offset += length;
        }
    }

    private static List<Entry> entries(ByteBuffer data, int from, int to) {
        List<Entry> entries = new ArrayList<>(2);
        int offset = from;
        while (to - offset >= INFO_HEADER_BYTES) {
            int type = Byte.toUnsignedInt(data.get(offset));
            int length = Short.toUnsignedInt(data.getShort(offset + 2));
            if (length < INFO_HEADER_BYTES || length > to - offset) {
                break;
            }
            int handleAt = offset + INFO_HEADER_BYTES + FSID_BYTES;
            int handleBytes = HANDLE_HEADER_BYTES + data.getInt(handleAt);
            int nameAt = handleAt + handleBytes;
            if (nameAt <= offset + length) {
                entries.add(new Entry(type, data.slice(handleAt, handleBytes).order(ByteOrder.nativeOrder()),
                        name(data, nameAt, offset + length)));
            }
            offset += length;
        }
        return entries;
    }

    private static String name(ByteBuffer data, int from, int to) {
        int end = from;
        while (end < to && data.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        data.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void report(long eventMask, int pid, List<Entry> entries) {
        if ((eventMask & LinuxNative.FAN_RENAME) != 0) {
            Optional<Path> from = path(entries, LinuxNative.FAN_EVENT_INFO_TYPE_OLD_DFID_NAME);
            Optional<Path> to = path(entries, LinuxNative.FAN_EVENT_INFO_TYPE_NEW_DFID_NAME);
            if (from.isPresent() && to.isPresent()) {
                send(EventType.FILE_RENAME, pid, FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath(from.get().toString()))
                        .setTarget(stat(to.get(), to.get(), LinkOption.NOFOLLOW_LINKS)));
            }
            return;
        }
        Optional<Path> path = path(entries, LinuxNative.FAN_EVENT_INFO_TYPE_DFID_NAME);
        if (path.isEmpty()) {
            return;
        }
        boolean directory = (eventMask & LinuxNative.FAN_ONDIR) != 0;
        if ((eventMask & LinuxNative.FAN_CREATE) != 0) {
            send(EventType.FILE_CREATE, pid, FileEvent.newBuilder().setFile(typed(stat(path.get(), path.get(), LinkOption.NOFOLLOW_LINKS),
                    directory)));
        }
        if ((eventMask & LinuxNative.FAN_DELETE) != 0) {
            send(EventType.FILE_DELETE, pid, FileEvent.newBuilder().setFile(typed(FileContext.newBuilder().setPath(path.get().toString())
                    .build(), directory)));
        }
    }

    /** A directory's entry says it is one, even when it is gone before it could be stat'ed. */
    private static FileContext typed(FileContext file, boolean directory) {
        return directory && (file.getMode() & S_IFMT) == 0 ? file.toBuilder().setMode(S_IFDIR).build() : file;
    }

    private void send(EventType type, int pid, FileEvent.Builder file) {
        boolean leftOut = excluded.covers(Path.of(file.getFile().getPath()))
                && (!file.hasTarget() || excluded.covers(Path.of(file.getTarget().getPath())));
        if (!sink.wants(type) || leftOut) {
            return;
        }
        Event.Builder event = Events.now(type, clock).setFile(file);
        event.setProcess(processes.process(pid).orElse(ProcessContext.newBuilder().setPid(pid).build()));
        sink.send(event.build());
    }

    /** The path of the entry of {@code infoType}: its directory resolved through a watched file system, plus its name. */
    private Optional<Path> path(List<Entry> entries, int infoType) {
        for (Entry entry : entries) {
            if (entry.infoType() == infoType) {
                return directory(entry.handle()).map(dir -> dir.resolve(entry.name()));
            }
        }
        return Optional.empty();
    }

    private Optional<Path> directory(ByteBuffer handle) {
        for (int mountFd : mountFds) {
            int fd;
            try {
                fd = LinuxNative.open_by_handle_at(mountFd, handle, LinuxNative.PATH_ONLY);
            } catch (LastErrorException otherFileSystemOrGone) {
                continue;
            }
            try {
                return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)));
            } catch (IOException e) {
                return Optional.empty();
            } finally {
                LinuxNative.close(fd);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        running = false;
        if (poller != null) {
            poller.wake();
            try {
                if (reader != null && reader.isAlive()) {
                    reader.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller.close();
        }
        group.close();
        for (int fd : mountFds) {
            if (fd > 0) {
                LinuxNative.close(fd);
            }
        }
    }

    /** The file's metadata, or its path alone when it is gone already. */
    private static FileContext stat(Path path, Path statted, LinkOption... options) {
        try {
            return FileContexts.of(path, statted, options);
        } catch (IOException | RuntimeException goneAlready) {
            return FileContext.newBuilder().setPath(path.toString()).build();
        }
    }
}
