package io.interpose.host.mux;

import com.google.protobuf.ByteString;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import io.interpose.protocol.testing.TestPki;
import io.interpose.protocol.wire.Frames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MUX on a temporary socket and an ephemeral port with short limits, plus a small builder for its
 * desired state, and connected test guests and SVMs. Closes everything it opened.
 */
final class MuxHarness implements AutoCloseable {

    static final String HOST = "host-1";
    static final TestPki PKI = new TestPki();
    /**
     * Short limits, but a heartbeat interval of 1 s: a peer is closed as "does not read" after one
     * interval without write progress, and a busy 2-core CI machine can leave a healthy test peer's
     * thread unscheduled for a few hundred milliseconds (with 200 ms a healthy SVM was once cut off).
     */
    static final MuxLimits LIMITS = new MuxLimits(64, 16, Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(3), Duration.ofMillis(400));

    static {
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(5));
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
    }

    final Path directory;
    final GuestCredentials credentials = GuestCredentials.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<DetectionReport> detections = new CopyOnWriteArrayList<>();
    final AtomicInteger healthChanges = new AtomicInteger();
    final ContextMux mux;
    private final List<AutoCloseable> peers = new ArrayList<>();
    private final Map<String, VmProtection.Builder> vms = new LinkedHashMap<>();
    private final Map<String, ServiceSettings> services = new LinkedHashMap<>();
    private final Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
    private long generation;

    MuxHarness() throws IOException {
        this(LIMITS);
    }

    MuxHarness(MuxLimits limits) throws IOException {
        directory = Files.createTempDirectory("mux");
        MuxConfig config = new MuxConfig(HOST, directory.resolve("gi-guest.sock"), new InetSocketAddress("127.0.0.1", 0),
                PKI.issue(HOST).context(), credentials, meters, Clock.systemUTC(), limits);
        mux = ContextMux.start(config, new MuxListener() {
            @Override
            public void detection(DetectionReport report) {
                detections.add(report);
            }

            @Override
            public void healthChanged() {
                healthChanges.incrementAndGet();
            }
        });
    }

    static String token(String deploymentId) {
        return "token-of-" + deploymentId;
    }

    MuxHarness vm(String vmId) {
        vms.putIfAbsent(vmId, VmProtection.newBuilder().setVmId(vmId).setVmName("name-" + vmId).setOsFamily("LINUX"));
        return this;
    }

    MuxHarness protect(String vmId, String serviceId, String profileId) {
        vm(vmId).vms.get(vmId).addBindings(ServiceBinding.newBuilder().setServiceId(serviceId).setProfileId(profileId)
                .setVendorTemplateKey("key-" + profileId).putAttributes("level", profileId));
        return this;
    }

    MuxHarness unprotect(String vmId) {
        vms.get(vmId).clearBindings();
        return this;
    }

    MuxHarness removeVm(String vmId) {
        vms.remove(vmId);
        return this;
    }

    MuxHarness service(String serviceId, FailurePolicy policy, int verdictTimeoutMs) {
        services.put(serviceId, ServiceSettings.newBuilder().setServiceId(serviceId).setDisplayName(serviceId)
                .setFailurePolicy(policy).setVerdictTimeoutMs(verdictTimeoutMs).build());
        return this;
    }

    MuxHarness endpoint(String deploymentId, String serviceId) {
        endpoints.put(deploymentId, ServiceEndpoint.newBuilder().setDeploymentId(deploymentId).setServiceId(serviceId)
                .setCredentialSha256(ByteString.copyFrom(sha256(token(deploymentId)))).build());
        return this;
    }

    /** Applies what was built so far. */
    MuxHarness apply() {
        DesiredState.Builder state = DesiredState.newBuilder().setGeneration(++generation).setHostId(HOST);
        vms.values().forEach(vm -> state.addVms(vm.build()));
        state.addAllServices(services.values()).addAllEndpoints(endpoints.values());
        mux.apply(state.build());
        return this;
    }

    TestGuest rawGuest() throws IOException {
        return track(TestGuest.connect(mux.guestSocket()));
    }

    /** A guest connected and welcomed as its VM. */
    TestGuest guest(String vmId) throws IOException {
        TestGuest guest = rawGuest();
        guest.hello(TestGuest.hello(vmId, credentials.issue(vmId), Frames.GI_VERSION));
        guest.awaitWelcome();
        return guest;
    }

    TestSvm rawSvm() throws IOException {
        return rawSvm(0);
    }

    TestSvm rawSvm(int receiveBuffer) throws IOException {
        return track(TestSvm.connect(mux.partnerAddress(), PKI.trustingContext(), receiveBuffer));
    }

    /** An SVM connected and welcomed as its deployment. */
    TestSvm svm(String deploymentId) throws IOException {
        TestSvm svm = rawSvm();
        svm.hello(TestSvm.hello(deploymentId, HOST, token(deploymentId), Frames.GI_VERSION));
        svm.awaitWelcome();
        return svm;
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private <T extends AutoCloseable> T track(T peer) {
        peers.add(peer);
        return peer;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable peer : peers) {
            try {
                peer.close();
            } catch (Exception e) {
                // best effort
            }
        }
        mux.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
