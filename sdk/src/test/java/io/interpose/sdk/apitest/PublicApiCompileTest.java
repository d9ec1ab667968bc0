package io.interpose.sdk.apitest;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Severity;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.sdk.Detection;
import io.interpose.sdk.GuestAgentStatus;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.GuestRequestException;
import io.interpose.sdk.LinkError;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.SessionInfo;
import io.interpose.sdk.Subscription;
import io.interpose.sdk.SvmEnvironment;
import io.interpose.sdk.Verdict;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Uses every public type and method of the SDK as a partner would, from outside its package: a change that
 * breaks partners' code breaks this file's compilation. The value types are also exercised.
 */
class PublicApiCompileTest {

    /** A partner overriding every callback and calling every context method. */
    static final class EveryCallback implements GuestIntrospectionService {
        @Override
        public List<Subscription> subscriptions() {
            return List.of(Subscription.decide(EventType.FILE_OPEN), Subscription.notify(EventType.PROCESS_START),
                    new Subscription(EventType.FILE_EXEC, SubscriptionMode.DECIDE));
        }

        @Override
        public void onEvent(GuestEvent event, ServiceContext context) {
            long id = event.id();
            String vm = event.vmId();
            EventType type = event.type();
            int number = event.typeNumber();
            Duration deadline = event.deadline();
            Duration left = event.timeLeft();
            Optional<String> path = event.filePath();
            ProcessContext process = event.process();
            Event message = event.message();
            boolean answered = event.answered() || event.awaitsVerdict();
            boolean sent = event.allow() || event.allow(Duration.ofSeconds(1)) || event.deny("no") || event.answer(Verdict.allow());
            CompletableFuture<FileHash> hash = context.fileHash(vm, "/a", HashAlgorithm.SHA256);
            CompletableFuture<FileBytes> bytes = context.readFile(vm, "/a", 0, 10);
            CompletableFuture<FileContext> stat = context.statFile(vm, "/a");
            CompletableFuture<List<ProcessContext>> processes = context.processes(vm);
            CompletableFuture<List<Connection>> connections = context.connections(vm);
            CompletableFuture<Void> deleted = context.deleteFile(vm, "/a");
            CompletableFuture<Void> quarantined = context.quarantineFile(vm, "/a");
            CompletableFuture<Void> killed = context.killProcess(vm, 1, 0L);
            CompletableFuture<Void> denied = context.denyAccess(vm, "/a", Duration.ZERO);
            context.reportHealth(HealthState.DEGRADED, "why");
            boolean reported = context.reportDetection(Detection.of(vm, Severity.LOW, "t"));
            Map<String, ProtectedVm> all = context.protectedVms();
            Optional<ProtectedVm> one = context.protectedVm(vm);
            boolean connected = context.connected();
            List.of(id, type, number, deadline, left, path, process, message, answered, sent, hash, bytes, stat, processes,
                    connections, deleted, quarantined, killed, denied, reported, all, one, connected);
        }

        @Override
        public void onProtected(ProtectedVm vm, ServiceContext context) {
            List.of(vm.vmId(), vm.vmName(), vm.profileId(), vm.vendorTemplateKey(), vm.attributes(), vm.guestConnected(),
                    vm.osFamily(), vm.attribute("k"));
        }

        @Override
        public void onUnprotected(ProtectedVm vm, ServiceContext context) {
        }

        @Override
        public void onGuestStatus(GuestAgentStatus status, ServiceContext context) {
            List.of(status.vmId(), status.connected(), status.agentVersion(), status.capabilities());
        }

        @Override
        public void onConnected(SessionInfo session, ServiceContext context) {
            List.of(session.version(), session.hostId(), session.sessionId(), session.maxFrameBytes());
        }

        @Override
        public void onDisconnected(LinkError cause, ServiceContext context) {
            List.of(cause.kind(), cause.message());
        }
    }

    /** Every way to build, run and stop a client (compiled, not run: it needs a MUX). */
    static void runAClient(Path ovfEnvXml) throws IOException {
        SvmEnvironment environment = SvmEnvironment.read(ovfEnvXml);
        try (GuestIntrospectionClient client = GuestIntrospectionClient.builder(environment, new EveryCallback()).workers(2)
                .eventQueueCapacity(100).sendQueueCapacity(100).defaultVerdict(Verdict.deny("fail closed")).solutionVersion("1.0")
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5)).start();
                GuestIntrospectionClient other = GuestIntrospectionClient.start(environment, new EveryCallback())) {
            ServiceContext context = client.context();
            Optional<SessionInfo> session = client.session();
            Optional<LinkError> error = client.lastError();
            List.of(context, session, error, client.connected(), client.overflowedEvents(), other, GuestIntrospectionClient.SDK_VERSION);
        }
    }

    @Test
    void theValueTypesBehaveAsDocumented() {
        Verdict verdict = Verdict.deny("bad").cachedFor(Duration.ofSeconds(5)).because("worse");
        Detection detection = Detection.of("vm-1", Severity.HIGH, "EICAR").withFile("/f").withPid(3).withDescription("d").withActionTaken("denied");
        ProtectedVm vm = new ProtectedVm("vm-1", "web", "p", "BASIC", Map.of("k", "v"), true, OsFamily.LINUX);
        GuestAgentStatus status = new GuestAgentStatus("vm-1", true, "1.0", Set.of(EventType.FILE_OPEN));
        SessionInfo session = new SessionInfo(1, "host-1", "s", 1024);
        LinkError error = new LinkError(LinkError.Kind.VERSION_UNSUPPORTED, "v");
        GuestRequestException failure = new GuestRequestException(ResultCode.NOT_FOUND, "/f");
        SvmEnvironment environment = SvmEnvironment.of(Map.of(SvmEnvironment.HOST_ID, "host-1"), Map.of())
                .withMuxAddress(InetSocketAddress.createUnresolved("mux", 1));
        Optional<X509Certificate> ca = environment.caCertificate();

        assertThat(verdict).isEqualTo(new Verdict(Decision.DENY, Duration.ofSeconds(5), "worse"));
        assertThat(verdict.denies()).isTrue();
        assertThat(List.of(detection.vmId(), detection.severity(), detection.threatName(), detection.description(), detection.filePath(),
                detection.pid(), detection.actionTaken())).containsExactly("vm-1", Severity.HIGH, "EICAR", "d", "/f", 3, "denied");
        assertThat(vm.attribute("k")).hasValue("v");
        assertThat(status.capabilities()).containsExactly(EventType.FILE_OPEN);
        assertThat(session.version()).isEqualTo(1);
        assertThat(error.kind()).isEqualTo(LinkError.Kind.valueOf("VERSION_UNSUPPORTED"));
        assertThat(failure.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(failure.getMessage()).isEqualTo("NOT_FOUND: /f");
        assertThat(environment.hostId()).isEqualTo("host-1");
        assertThat(environment.deploymentId()).isEmpty();
        assertThat(environment.svmToken()).isEmpty();
        assertThat(environment.muxAddress()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(1));
        assertThat(environment.property(SvmEnvironment.HOST_ID)).hasValue("host-1");
        assertThat(ca).isEmpty();
        assertThat(List.of(SvmEnvironment.DEPLOYMENT_ID, SvmEnvironment.SVM_TOKEN, SvmEnvironment.CA_CERTIFICATE,
                SvmEnvironment.MUX_ADDRESS, SvmEnvironment.MUX_ENDPOINT, SvmEnvironment.MUX_ADDRESS_VARIABLE)).doesNotHaveDuplicates();
        assertThat(new EveryCallback().subscriptions()).hasSize(3);
    }
}
