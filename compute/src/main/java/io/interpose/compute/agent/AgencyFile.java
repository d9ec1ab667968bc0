package io.interpose.compute.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent manager's agencies on disk: {@code agent-manager.json}, replaced as a whole on every write
 * (temp file, fsync, atomic rename, fsync of the directory), so a crash leaves the old or the new
 * content. {@code agent-manager.lock} is held exclusively while open.
 */
final class AgencyFile implements AutoCloseable {
    static final String FILE_NAME = "agent-manager.json";
    static final String TEMP_NAME = FILE_NAME + ".tmp";
    static final String LOCK_NAME = "agent-manager.lock";
    static final String FORMAT = "interpose-agent-manager";
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The document: issue keys below {@code issueKeysReserved} may have been handed out already. */
    record Content(String format, int version, int issueKeysReserved, List<StoredAgency> agencies) {
        Content {
            agencies = agencies == null ? List.of() : List.copyOf(agencies);
        }
    }

    /**
     * One agency. {@code hostProperties} holds what the agency's {@link HostProperties} answered per host,
     * or is null when its configuration has none.
     */
    record StoredAgency(String id, String agencyName, String clusterId, String agentNamePrefix,
            PackageSource packageSource, Map<String, String> properties, List<NicConfig> nics, GoalState goalState,
            boolean removing, Map<String, Map<String, String>> hostProperties) {}

    private final Path directory;
    private final Path file;
    private final FileChannel lockChannel;

    private AgencyFile(Path directory, FileChannel lockChannel) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.lockChannel = lockChannel;
    }

    static AgencyFile open(Path directory) {
        Path dir = directory.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (!tryLock(channel)) {
                channel.close();
                throw new AgentStorageException("agent manager directory " + dir + " is in use by another agent manager", null);
            }
            Files.deleteIfExists(dir.resolve(TEMP_NAME));
            return new AgencyFile(dir, channel);
        } catch (IOException e) {
            throw new AgentStorageException("cannot open agent manager directory " + dir + ": " + e, e);
        }
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    Path path() {
        return file;
    }

    /** The stored content, or empty if there is none yet. */
    Optional<Content> read() {
        try {
            Content content = JSON.readValue(Files.readAllBytes(file), Content.class);
            if (!FORMAT.equals(content.format()) || content.version() != VERSION) {
                throw corrupt("format is " + content.format() + " version " + content.version()
                        + ", expected " + FORMAT + " version " + VERSION, null);
            }
            return Optional.of(content);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    private AgentStorageException corrupt(String why, Throwable cause) {
        return new AgentStorageException("agent manager file " + file + " is corrupt: " + why
                + "; nothing was loaded (repair the file or move it away)", cause);
    }

    /** Replaces the stored content; when this returns it is on disk. */
    void write(Content content) {
        Path temp = directory.resolve(TEMP_NAME);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(content));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new AgentStorageException("cannot write agent manager file " + file + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            throw new AgentStorageException("cannot release the lock of " + directory + ": " + e, e);
        }
    }
}
