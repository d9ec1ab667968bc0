package io.interpose.compute.agent;

import io.interpose.compute.StateDirectory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
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

    private final StateDirectory state;

    private AgencyFile(StateDirectory state) {
        this.state = state;
    }

    static AgencyFile open(Path directory) {
        try {
            return new AgencyFile(StateDirectory.open(directory, FILE_NAME, LOCK_NAME));
        } catch (StateDirectory.InUseException e) {
            throw new AgentStorageException("agent manager directory " + directory.toAbsolutePath()
                    + " is in use by another agent manager", null);
        } catch (IOException e) {
            throw new AgentStorageException("cannot open agent manager directory " + directory.toAbsolutePath() + ": " + e, e);
        }
    }

    Path path() {
        return state.file();
    }

    /** The stored content, or empty if there is none yet. */
    Optional<Content> read() {
        try {
            Optional<byte[]> bytes = state.read();
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            Content content = JSON.readValue(bytes.get(), Content.class);
            if (!FORMAT.equals(content.format()) || content.version() != VERSION) {
                throw corrupt("format is " + content.format() + " version " + content.version()
                        + ", expected " + FORMAT + " version " + VERSION, null);
            }
            return Optional.of(content);
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    private AgentStorageException corrupt(String why, Throwable cause) {
        return new AgentStorageException("agent manager file " + state.file() + " is corrupt: " + why
                + "; nothing was loaded (repair the file or move it away)", cause);
    }

    /** Replaces the stored content; when this returns it is on disk. */
    void write(Content content) {
        try {
            state.write(out -> JSON.writeValue(out, content));
        } catch (IOException e) {
            throw new AgentStorageException("cannot write agent manager file " + state.file() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            state.close();
        } catch (IOException e) {
            throw new AgentStorageException("cannot release the lock of " + state.directory() + ": " + e, e);
        }
    }
}
