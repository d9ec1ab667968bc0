package io.interpose.compute;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A directory that holds one state file and belongs to one owner at a time: opening it takes an
 * exclusive lock (a second owner, in this process or another, is refused) and removes a temporary file
 * left by an interrupted write. Writes are durable and atomic: temporary file, fsync, atomic rename,
 * fsync of the directory; a reader or a crash sees the old content or the new, never a mix. Failures
 * are {@link IOException}s; each owner wraps them in its own exception, naming what it stores.
 */
public final class StateDirectory implements AutoCloseable {
    private final Path directory;
    private final Path file;
    private final Path temp;
    private final FileChannel lockChannel;

    private StateDirectory(Path directory, String fileName, FileChannel lockChannel) {
        this.directory = directory;
        this.file = directory.resolve(fileName);
        this.temp = directory.resolve(fileName + ".tmp");
        this.lockChannel = lockChannel;
    }

    /** The directory is already owned by someone else. */
    public static final class InUseException extends IOException {
        public InUseException(Path directory) {
            super(directory + " is in use");
        }
    }

    /**
     * Creates {@code directory} if needed, locks it through {@code lockName} and clears a stale temp file.
     *
     * @throws InUseException if another owner holds the lock
     */
    public static StateDirectory open(Path directory, String fileName, String lockName) throws IOException {
        Path dir = directory.toAbsolutePath();
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(lockName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (!tryLock(channel)) {
            channel.close();
            throw new InUseException(dir);
        }
        StateDirectory opened = new StateDirectory(dir, fileName, channel);
        Files.deleteIfExists(opened.temp);
        return opened;
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return file;
    }

    /** The stored bytes, or empty when nothing was written yet. */
    public Optional<byte[]> read() throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** What produces the new content, streamed to the temporary file (closing the stream only flushes it). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces the stored content; when this returns the new content is on disk. */
    public void write(Content content) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        lockChannel.close();
    }
}
