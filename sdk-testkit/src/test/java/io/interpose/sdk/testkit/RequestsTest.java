package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Severity;
import io.interpose.protocol.gi.Status;
import io.interpose.sdk.Detection;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.GuestRequestException;
import io.interpose.sdk.ServiceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queries, remediation, health and detections, through the fake MUX to its fake guests. */
class RequestsTest {
    private static final byte[] CONTENT = "hello, guest".getBytes(StandardCharsets.UTF_8);
    private final RecordingService service = new RecordingService();
    private FakeMux mux;
    private GuestIntrospectionClient client;
    private ServiceContext context;

    @BeforeEach
    void start() throws Exception {
        mux = FakeMux.start("host-1");
        mux.protect("vm-1", "BASIC", Map.of());
        mux.protect("vm-off", "BASIC", Map.of());
        mux.guestStatus("vm-off", false);
        mux.guests().file("vm-1", "/etc/hosts", CONTENT)
                .process("vm-1", ProcessContext.newBuilder().setPid(42).setExecutable("/usr/bin/evil").build())
                .connection("vm-1", Connection.newBuilder().setRemoteAddress("10.0.0.9").setRemotePort(443).build());
        client = GuestIntrospectionClient.builder(mux.environment(), service)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).start();
        context = client.context();
        context.reportHealth(HealthState.DEGRADED, "warming up");
        mux.awaitSubscribed(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        mux.close();
    }

    @Test
    void queriesReturnTypedResultsFromTheGuest() throws Exception {
        assertThat(result(context.fileHash("vm-1", "/etc/hosts", HashAlgorithm.SHA256)).getDigest().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(CONTENT));
        assertThat(result(context.readFile("vm-1", "/etc/hosts", 7, 100)).getData().toStringUtf8()).isEqualTo("guest");
        assertThat(result(context.statFile("vm-1", "/etc/hosts")).getSize()).isEqualTo(CONTENT.length);
        assertThat(result(context.processes("vm-1"))).extracting(ProcessContext::getPid).containsExactly(42);
        assertThat(result(context.connections("vm-1"))).extracting(Connection::getRemotePort).containsExactly(443);
        assertThat(mux.queries()).hasSize(5).allSatisfy(q -> assertThat(q.getVmId()).isEqualTo("vm-1"));
    }

    @Test
    void aQueryThatFailsCompletesWithItsResultCode() {
        assertThat(failure(context.readFile("vm-1", "/missing", 0, 10))).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(failure(context.readFile("vm-1", "/etc/hosts", 0, 2 * 1024 * 1024))).isEqualTo(ResultCode.TOO_LARGE);
        assertThat(failure(context.statFile("vm-9", "/etc/hosts"))).isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(failure(context.processes("vm-off"))).isEqualTo(ResultCode.UNAVAILABLE);
    }

    @Test
    void withoutAMuxRequestsFailAtOnceAsUnavailable() {
        mux.close();
        await().until(() -> !client.connected());

        assertThat(failure(context.statFile("vm-1", "/etc/hosts"))).isEqualTo(ResultCode.UNAVAILABLE);
        assertThat(context.reportDetection(Detection.of("vm-1", Severity.LOW, "x"))).isFalse();
    }

    @Test
    void remediationIsAppliedInTheGuestOrFailsWithItsResultCode() throws Exception {
        mux.guests().file("vm-1", "/tmp/a", CONTENT).file("vm-1", "/tmp/b", CONTENT);

        result(context.deleteFile("vm-1", "/tmp/a"));
        result(context.quarantineFile("vm-1", "/tmp/b"));
        result(context.killProcess("vm-1", 42, 0));
        result(context.denyAccess("vm-1", "/tmp/c", Duration.ofMinutes(1)));

        assertThat(mux.guests().hasFile("vm-1", "/tmp/a")).isFalse();
        assertThat(mux.guests().quarantined("vm-1")).containsExactly("/tmp/b");
        assertThat(mux.guests().deniedPaths("vm-1")).containsExactly("/tmp/c");
        assertThat(mux.remediations()).extracting(Remediation::getActionCase).containsExactly(Remediation.ActionCase.DELETE_FILE,
                Remediation.ActionCase.QUARANTINE_FILE, Remediation.ActionCase.KILL_PROCESS, Remediation.ActionCase.DENY_ACCESS);
        assertThat(mux.remediations().get(3).getDenyAccess().getDurationMs()).isEqualTo(60_000);
        assertThat(failure(context.killProcess("vm-1", 42, 0))).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(failure(context.deleteFile("vm-9", "/tmp/a"))).isEqualTo(ResultCode.PERMISSION_DENIED);
    }

    @Test
    void aPluggableResponderAnswersAsTheTestWants() {
        mux.respondWith(new GuestResponder() {
            @Override
            public QueryResult query(Query query) {
                return QueryResult.newBuilder().setStatus(Status.newBuilder().setCode(ResultCode.FAILED).setMessage("disk on fire")).build();
            }

            @Override
            public RemediationResult remediate(Remediation remediation) {
                return RemediationResult.newBuilder().setStatus(Status.newBuilder().setCode(ResultCode.UNSUPPORTED)).build();
            }
        });

        assertThatThrownBy(() -> context.statFile("vm-1", "/etc/hosts").join()).hasCauseInstanceOf(GuestRequestException.class)
                .hasMessageContaining("disk on fire");
        assertThat(failure(context.quarantineFile("vm-1", "/etc/hosts"))).isEqualTo(ResultCode.UNSUPPORTED);
    }

    @Test
    void healthIsSentAfterTheWelcomeOnEveryChangeAndAgainAfterAReconnect() throws Exception {
        await().until(() -> mux.health().isPresent());
        assertThat(mux.health().orElseThrow().getState()).isEqualTo(HealthState.DEGRADED);

        context.reportHealth(HealthState.HEALTHY, "ready");
        await().until(() -> mux.healthReports().size() == 2);
        mux.restart();

        await().until(() -> mux.healthReports().size() == 3);
        assertThat(mux.healthReports()).extracting(h -> h.getState() + " " + h.getReason())
                .containsExactly("DEGRADED warming up", "HEALTHY ready", "HEALTHY ready");
    }

    @Test
    void detectionsReachTheMuxWithAnIdAndTime() {
        boolean sent = context.reportDetection(Detection.of("vm-1", Severity.HIGH, "EICAR-Test-File").withFile("/tmp/eicar")
                .withPid(7).withDescription("test file").withActionTaken("denied"));

        assertThat(sent).isTrue();
        await().until(() -> mux.detections().size() == 1);
        io.interpose.protocol.gi.Detection detection = mux.detections().get(0);
        assertThat(detection.getId()).isNotEmpty();
        assertThat(detection.getTimeUnixNanos()).isPositive();
        assertThat(detection.getThreatName()).isEqualTo("EICAR-Test-File");
        assertThat(detection.getFilePath()).isEqualTo("/tmp/eicar");
        assertThat(detection.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(detection.getActionTaken()).isEqualTo("denied");
    }

    private static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static ResultCode failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return ((GuestRequestException) e.getCause()).code();
        }
    }
}
