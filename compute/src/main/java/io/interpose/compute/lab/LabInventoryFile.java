package io.interpose.compute.lab;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.interpose.compute.Inventory;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab inventory on disk: {@code lab-inventory.json} in one directory, replaced as a whole on every
 * write (temp file, fsync, atomic rename, fsync of the directory), so that a reader or a crash sees
 * either the old or the new inventory. Holds an exclusive lock on {@code lab-inventory.lock} while
 * open, so two lab datacenters never share a directory.
 */
final class LabInventoryFile implements AutoCloseable {
    static final String FILE_NAME = "lab-inventory.json";
    static final String TEMP_NAME = FILE_NAME + ".tmp";
    static final String LOCK_NAME = "lab-inventory.lock";
    static final String FORMAT = "interpose-lab-inventory";
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPrettyPrinter(new OneEntryPerLine())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * Writes each top-level field, and each cluster, host and VM, on a line of its own: readable and
     * greppable, about half the size of fully indented JSON. Stateless, so one instance is shared.
     */
    private static final class OneEntryPerLine extends MinimalPrettyPrinter {
        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            g.writeRaw(g.getOutputContext().getParent().inRoot() ? "\n  " : "");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(g.getOutputContext().getParent().inRoot() ? ",\n  " : ",");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw(g.getOutputContext().getParent().inRoot() ? "\n}\n" : "}");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw(topLevelList(g) ? "\n    " : "");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topLevelList(g) ? ",\n    " : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(topLevelList(g) && values > 0 ? "\n  ]" : "]");
        }

        private static boolean topLevelList(JsonGenerator g) {
            return g.getOutputContext().getParent().getParent().inRoot();
        }
    }

    /** The document written to disk. */
    record Content(String format, int version, String computeManagerId,
                   List<Cluster> clusters, List<Host> hosts, List<VirtualMachine> vms) {
        Content {
            clusters = clusters == null ? List.of() : clusters;
            hosts = hosts == null ? List.of() : hosts;
            vms = vms == null ? List.of() : vms;
        }

        Inventory inventory() {
            return new Inventory(clusters, hosts, vms);
        }
    }

    private final Path directory;
    private final Path file;
    private final FileChannel lockChannel;

    private LabInventoryFile(Path directory, FileChannel lockChannel) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.lockChannel = lockChannel;
    }

    /**
     * Creates the directory if needed, locks it and removes a temp file left by an interrupted write
     * (it was never renamed, so it never held a committed inventory).
     */
    static LabInventoryFile open(Path directory) {
        Path dir = directory.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock(channel, dir);
            Files.deleteIfExists(dir.resolve(TEMP_NAME));
            return new LabInventoryFile(dir, channel);
        } catch (IOException e) {
            throw new LabStorageException("cannot open lab inventory directory " + dir + ": " + e, e);
        }
    }

    private static void lock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LabStorageException("lab inventory directory " + dir + " is in use by another lab datacenter");
        }
    }

    Path path() {
        return file;
    }

    /**
     * Reads the stored inventory, or empty when there is none yet.
     *
     * @throws LabStorageException naming the file if it is unreadable, corrupt, truncated or of another
     *     format version; nothing is loaded in that case
     */
    Optional<Content> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LabStorageException("cannot read lab inventory file " + file + ": " + e, e);
        }
        return Optional.of(checked(parse(bytes)));
    }

    private Content parse(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Content.class);
        } catch (JsonProcessingException e) {
            throw corrupt(e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw corrupt(e.toString(), e);
        }
    }

    private Content checked(Content content) {
        if (!FORMAT.equals(content.format())) {
            throw corrupt("format is '" + content.format() + "', expected '" + FORMAT + "'", null);
        }
        if (content.version() != VERSION) {
            throw corrupt("format version " + content.version() + " is not supported (this build reads " + VERSION + ")", null);
        }
        if (Stream.of(content.clusters(), content.hosts(), content.vms()).flatMap(List::stream).anyMatch(Objects::isNull)) {
            throw corrupt("a list of clusters, hosts or vms has a null entry", null);
        }
        return content;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    LabStorageException corrupt(String why, Throwable cause) {
        return new LabStorageException("lab inventory file " + file + " is corrupt or truncated: " + why
                + "; nothing was loaded (repair the file, or move it away to start from the seed inventory)", cause);
    }

    /** Replaces the stored inventory; when this returns the new content is on disk. */
    void write(String computeManagerId, Inventory inventory) {
        var content = new Content(FORMAT, VERSION, computeManagerId, inventory.clusters(), inventory.hosts(), inventory.vms());
        Path temp = directory.resolve(TEMP_NAME);
        try {
            writeSynced(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw new LabStorageException("cannot write lab inventory file " + file + ": " + e, e);
        }
    }

    private static void writeSynced(Path temp, Content content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            JSON.writeValue(out, content);
            out.flush();
            channel.force(true);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The write already failed; that error is the one worth reporting.
        }
    }

    /** Releases the directory lock. */
    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            throw new LabStorageException("cannot release lock of lab inventory directory " + directory + ": " + e, e);
        }
    }
}
