package io.interpose.compute.lab;

import io.interpose.compute.Inventory;
import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.Network;
import io.interpose.compute.StateDirectory;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
    /** Version 2 added networks, IP allocations and the VMs waiting for a host start; version 1 files still load. */
    static final int VERSION = 2;
    static final int FIRST_VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPrettyPrinter(new OneEntryPerLine())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * Writes each top-level field, and each cluster, host, VM, network and allocation, on a line of its own: readable and
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
                   List<Cluster> clusters, List<Host> hosts, List<VirtualMachine> vms,
                   List<Network> networks, List<IpAllocation> ipAllocations, List<String> resumeOnHostStart) {
        Content {
            clusters = clusters == null ? List.of() : clusters;
            hosts = hosts == null ? List.of() : hosts;
            vms = vms == null ? List.of() : vms;
            networks = networks == null ? List.of() : networks;
            ipAllocations = ipAllocations == null ? List.of() : ipAllocations;
            resumeOnHostStart = resumeOnHostStart == null ? List.of() : resumeOnHostStart;
        }

        static Content of(String computeManagerId, LabState state) {
            Inventory inventory = state.toInventory();
            return new Content(FORMAT, VERSION, computeManagerId, inventory.clusters(), inventory.hosts(), inventory.vms(),
                    state.networks().list(), state.networks().allAllocations(), List.copyOf(state.resumeOnHostStart()));
        }

        Inventory inventory() {
            return new Inventory(clusters, hosts, vms);
        }

        /** Written before the lab had networks (version 1). */
        boolean predatesNetworks() {
            return version == FIRST_VERSION;
        }
    }

    private final StateDirectory state;
    private final Path file;

    private LabInventoryFile(StateDirectory state) {
        this.state = state;
        this.file = state.file();
    }

    /**
     * Creates the directory if needed, locks it and removes a temp file left by an interrupted write
     * (it was never renamed, so it never held a committed inventory).
     */
    static LabInventoryFile open(Path directory) {
        Path dir = directory.toAbsolutePath();
        try {
            return new LabInventoryFile(StateDirectory.open(dir, FILE_NAME, LOCK_NAME));
        } catch (StateDirectory.InUseException e) {
            throw new LabStorageException("lab inventory directory " + dir + " is in use by another lab datacenter");
        } catch (IOException e) {
            throw new LabStorageException("cannot open lab inventory directory " + dir + ": " + e, e);
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
            bytes = state.read().orElse(null);
            if (bytes == null) {
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LabStorageException("cannot read lab inventory file " + file + ": " + e, e);
        }
        return Optional.of(checked(parse(bytes)));
    }

    /**
     * The stored lab; or, when there is none, {@code seed} with {@code seedNetworks}, stored first. A
     * version 1 file gains {@code seedNetworks} and is rewritten in the current version.
     *
     * @throws LabStorageException if the file is unreadable, corrupt, inconsistent or of another compute manager
     * @throws IllegalArgumentException if the seed is inconsistent
     */
    LabState load(String id, Supplier<Inventory> seed, List<Network> seedNetworks) {
        return read().map(content -> stored(id, content, seedNetworks)).orElseGet(() -> seeded(id, seed, seedNetworks));
    }

    private LabState stored(String id, Content content, List<Network> seedNetworks) {
        if (!id.equals(content.computeManagerId())) {
            throw new LabStorageException("lab inventory file " + file + " belongs to compute manager '"
                    + content.computeManagerId() + "', not '" + id + "'");
        }
        LabState loaded;
        try {
            loaded = LabState.of(content.inventory(), LabNetworks.of(content.networks(), content.ipAllocations()),
                    content.resumeOnHostStart());
        } catch (IllegalArgumentException e) {
            throw corrupt("inconsistent inventory: " + e.getMessage(), e);
        }
        if (content.predatesNetworks()) {
            loaded = loaded.withNetworks(LabNetworks.of(seedNetworks, List.of()));
            write(id, loaded);
        }
        return loaded;
    }

    private LabState seeded(String id, Supplier<Inventory> seed, List<Network> seedNetworks) {
        LabState initial;
        try {
            initial = LabState.of(seed.get()).withNetworks(LabNetworks.of(seedNetworks, List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed inventory is inconsistent: " + e.getMessage(), e);
        }
        write(id, initial);
        return initial;
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
        if (content.version() < FIRST_VERSION || content.version() > VERSION) {
            throw corrupt("format version " + content.version() + " is not supported (this build reads "
                    + FIRST_VERSION + " to " + VERSION + ")", null);
        }
        if (Stream.of(content.clusters(), content.hosts(), content.vms(), content.networks(), content.ipAllocations(),
                content.resumeOnHostStart()).flatMap(List::stream).anyMatch(Objects::isNull)) {
            throw corrupt("a list of clusters, hosts, vms, networks, ip_allocations or resume_on_host_start has a null entry", null);
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

    /** Replaces the stored lab; when this returns the new content is on disk. */
    void write(String computeManagerId, LabState state) {
        var content = Content.of(computeManagerId, state);
        try {
            this.state.write(out -> JSON.writeValue(out, content));
        } catch (IOException | RuntimeException e) {
            throw new LabStorageException("cannot write lab inventory file " + file + ": " + e, e);
        }
    }

    /** Releases the directory lock. */
    @Override
    public void close() {
        try {
            state.close();
        } catch (IOException e) {
            throw new LabStorageException("cannot release lock of lab inventory directory " + state.directory() + ": " + e, e);
        }
    }
}
