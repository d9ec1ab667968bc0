package io.interpose.lab.bench;

import com.google.protobuf.ByteString;
import io.interpose.guest.link.GuestLink;
import io.interpose.host.mux.ContextMux;
import io.interpose.host.mux.GuestCredentials;
import io.interpose.host.mux.MuxConfig;
import io.interpose.host.mux.MuxLimits;
import io.interpose.host.mux.MuxListener;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.SvmEnvironment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The platform as a host runs it: one Context MUX (guest link on a Unix socket, partner link over TLS on
 * loopback, Prometheus metrics), the trivial partner on the partner SDK, and the synthetic guests. The desired
 * state: one host, every guest's VM protected by one service (failure policy ALLOW, verdict timeout 1 s) whose
 * one SVM endpoint holds the SHA-256 of the SVM's token.
 */
final class MuxRig implements BenchRig {

    static final String HOST = "host-bench";
    private static final String SERVICE = "svc-bench";
    private static final String DEPLOYMENT = "dep-bench";

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ContextMux mux;
    private final BenchPartner partner = new BenchPartner();
    private final GuestIntrospectionClient client;
    private final ScheduledExecutorService scheduler = BenchRig.scheduler("gi-bench-guests");
    private final GuestCredentials credentials;
    private final List<GuestLink> links;

    private MuxRig(Path directory, List<String> vms, boolean connectGuests, boolean readerCallbacks) throws IOException {
        BenchPki pki = BenchPki.forHost(HOST);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        credentials = GuestCredentials.of(key);
        String token = "svm-token-" + Long.toHexString(new SecureRandom().nextLong());
        mux = ContextMux.start(new MuxConfig(HOST, directory.resolve("gi-guest.sock"), new InetSocketAddress("127.0.0.1", 0),
                pki.muxTls(), credentials, meters, Clock.systemUTC(), MuxLimits.defaults()), new MuxListener() {
                    @Override
                    public void detection(DetectionReport report) {
                    }

                    @Override
                    public void healthChanged() {
                    }
                });
        mux.apply(desiredState(vms, token));
        SvmEnvironment environment = new SvmEnvironment(DEPLOYMENT, HOST, token, Optional.of(pki.ca()),
                Optional.of(mux.partnerAddress()), Map.of());
        GuestIntrospectionClient.Builder builder = GuestIntrospectionClient.builder(environment, partner).solutionVersion("gi-bench");
        client = (readerCallbacks ? builder.callbacksOnReaderThread() : builder).start();
        links = connectOrClose(vms, connectGuests);
    }

    private List<GuestLink> connectOrClose(List<String> vms, boolean connectGuests) {
        try {
            awaitPartner(vms.size(), Duration.ofSeconds(10));
            return connectGuests ? BenchRig.connect(mux.guestSocket(), vms, credentials::issue, scheduler, Duration.ofSeconds(10))
                    : List.of();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code readerCallbacks}: the partner's callbacks run on the SDK's reader thread, not on its workers. */
    static MuxRig start(Path directory, int guests, boolean readerCallbacks) throws IOException {
        return new MuxRig(directory, BenchRig.vmIds(guests), true, readerCallbacks);
    }

    /** The MUX and partner protecting {@code vms}, whose guests connect on their own ({@link #guestSocket}, {@link #credential}). */
    static MuxRig forGuests(Path directory, List<String> vms) throws IOException {
        return new MuxRig(directory, vms, false, false);
    }

    Path guestSocket() {
        return mux.guestSocket();
    }

    String credential(String vmId) {
        return credentials.issue(vmId);
    }

    BenchPartner partner() {
        return partner;
    }

    private static DesiredState desiredState(List<String> vms, String token) {
        DesiredState.Builder state = DesiredState.newBuilder().setGeneration(1).setHostId(HOST)
                .addServices(ServiceSettings.newBuilder().setServiceId(SERVICE).setDisplayName("GI bench partner")
                        .setFailurePolicy(FailurePolicy.ALLOW).setVerdictTimeoutMs(1_000))
                .addEndpoints(ServiceEndpoint.newBuilder().setDeploymentId(DEPLOYMENT).setServiceId(SERVICE)
                        .setCredentialSha256(ByteString.copyFrom(sha256(token))));
        for (String vm : vms) {
            state.addVms(VmProtection.newBuilder().setVmId(vm).setVmName(vm).setOsFamily("LINUX")
                    .addBindings(ServiceBinding.newBuilder().setServiceId(SERVICE).setProfileId("profile-bench")
                            .setVendorTemplateKey("bench").addRulePaths("/infra/domains/default/endpoint-policies/bench/rules/all")));
        }
        return state.build();
    }

    private void awaitPartner(int guests, Duration timeout) {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!client.connected() || partner.protectedVms() < guests) {
            if (System.nanoTime() - giveUp > 0) {
                throw new IllegalStateException("the partner did not connect and learn its " + guests + " VMs within "
                        + timeout + ": " + client.lastError().map(Object::toString).orElse("no error"));
            }
            BenchRig.sleep(Duration.ofMillis(10));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public String name() {
        return "mux";
    }

    @Override
    public List<GuestLink> links() {
        return links;
    }

    @Override
    public long delivered() {
        return partner.notifications();
    }

    @Override
    public long dropped() {
        double muxDrops = meters.find("interpose.mux.drops").counters().stream().mapToDouble(Counter::count).sum();
        return (long) muxDrops + client.overflowedEvents();
    }

    @Override
    public void close() {
        if (links != null) {
            BenchRig.stop(links, scheduler);
        }
        if (client != null) {
            client.close();
        }
        mux.close();
        scheduler.shutdownNow();
    }
}
