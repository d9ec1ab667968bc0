package io.interpose.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.linux.MarkScope;
import io.interpose.guest.linux.ThinAgent;
import io.interpose.manager.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code interpose guest}: the Linux thin agent of one VM, run as root inside it. It connects to its host's
 * Context MUX with the VM's credential, which the hypervisor hands the VM; in the lab, each running VM's
 * connection is in {@code lab-data/guests/<vm>.json}, and an agent started with it takes the VM over from
 * its simulated guest.
 */
@Command(name = "guest", mixinStandardHelpOptions = true,
        description = "Run the Linux thin agent (fanotify; needs root) for one VM.")
public final class GuestCommand implements Runnable {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Connection connection;

    static final class Connection {
        @Option(names = "--connection", description = "The VM's guest connection: a JSON file with vm_id, socket and credential "
                + "(the lab writes lab-data/guests/<vm>.json).")
        Path file;

        @Option(names = "--lab-vm", description = "A running lab VM, by display name: its connection is looked up in the lab "
                + "found through --data.")
        String labVm;

        @ArgGroup(exclusive = false)
        Explicit explicit;
    }

    static final class Explicit {
        @Option(names = "--vm-id", required = true, description = "The VM this agent speaks for.")
        String vmId;

        @Option(names = "--socket", required = true, description = "The host's guest socket (the MUX's Unix domain socket).")
        Path socket;

        @Option(names = "--credential-file", required = true, description = "A file holding the VM's guest credential.")
        Path credentialFile;
    }

    @Option(names = "--data", defaultValue = "lab-data", description = "With --lab-vm: the lab's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--watch", defaultValue = "/", split = ",",
            description = "Paths whose file systems are watched (default: ${DEFAULT-VALUE}).")
    List<Path> watch;

    @Option(names = "--exclude", split = ",",
            description = "Directories left out: opens there are allowed without asking and nothing there is reported "
                    + "(deny orders and the quarantine still hold).")
    List<Path> exclude = List.of();

    @Option(names = "--mark-scope", defaultValue = "FILESYSTEM",
            description = "FILESYSTEM (every mount of each watched file system) or MOUNT (the mount only; no create, delete "
                    + "or rename events). Default: ${DEFAULT-VALUE}.")
    MarkScope scope;

    @Option(names = "--quarantine", defaultValue = "/var/lib/interpose/quarantine",
            description = "Where quarantined files go (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--max-waiting", defaultValue = "1024",
            description = "Opens that may wait for a verdict at once; beyond, the default decision (default: ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(names = "--metrics-port", defaultValue = "-1",
            description = "Serve the agent's counters at http://127.0.0.1:<port>/metrics for Prometheus (default: off).")
    int metricsPort;

    @Override
    public void run() {
        GuestLinkConfig config = config().withCapabilities(ThinAgent.CAPABILITIES);
        for (Path path : watch) {
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException("--watch " + path + ": no such directory");
            }
        }
        ThinAgent agent;
        try {
            agent = ThinAgent.startLinux(config, new ThinAgent.Settings(watch, scope, quarantine, maxWaiting, exclude), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        Optional<HttpServer> metrics = metricsPort < 0 ? Optional.empty()
                : Optional.of(MetricsEndpoint.serve("127.0.0.1", metricsPort, agent::scrape));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            metrics.ifPresent(server -> server.stop(0));
            agent.close();
            stopped.countDown();
        }, "guest-shutdown"));
        System.out.println("Interpose thin agent for VM " + config.vmId() + ": watching " + watch + " (" + scope + "), MUX at "
                + config.socket());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    GuestLinkConfig config() {
        if (connection.file != null || connection.labVm != null) {
            Path file = connection.file != null ? connection.file : labConnection(connection.labVm);
            JsonNode json = read(file);
            String credential = text(json, "credential", file);
            return GuestLinkConfig.linux(Path.of(text(json, "socket", file)), text(json, "vm_id", file), () -> credential);
        }
        Path credentialFile = ownerOnly(connection.explicit.credentialFile);
        return GuestLinkConfig.linux(connection.explicit.socket, connection.explicit.vmId, () -> readCredential(credentialFile));
    }

    /** The connection file of the lab VM called {@code name} (the lab's hypervisor writes one per running VM). */
    private Path labConnection(String name) {
        String page = LabClient.fromLabJson(data).send("GET", "/api/v1/fabric/virtual-machines?display_name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
        JsonNode results;
        try {
            results = Json.MAPPER.readTree(page).path("results");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the lab's answer is not JSON: " + e.getOriginalMessage(), e);
        }
        if (results.size() != 1) {
            throw new IllegalArgumentException("the lab has " + results.size() + " VMs called " + name + "; use --connection "
                    + data.resolve("guests") + "/<external id>.json");
        }
        Path file = data.resolve("guests").resolve(results.get(0).path("external_id").asText() + ".json");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("lab VM " + name + " is not running (no " + file + ")");
        }
        return file;
    }

    private static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(ownerOnly(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guest connection " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object with vm_id, socket and credential");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A file holding the VM's credential must not be readable by others (as ssh insists for keys). */
    private static Path ownerOnly(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new IllegalArgumentException(file + " holds a credential and is accessible to others ("
                        + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException notPosix) {
            return file;
        }
    }

    private static String text(JsonNode json, String field, Path file) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + " has no \"" + field + "\"");
        }
        return value.asText();
    }

    /** Read again on every connect, so that a re-provisioned credential is used. */
    private static String readCredential(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credential file " + file, e);
        }
    }
}
