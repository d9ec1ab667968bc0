package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.LinkError;
import io.interpose.sdk.Subscription;
import io.interpose.sdk.SvmEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting: TLS trust, hello, version negotiation, authentication, subscriptions, reconnects. */
class ConnectionTest {
    private final RecordingService service = new RecordingService();
    private FakeMux mux;
    private FakeMux other;
    private GuestIntrospectionClient client;

    @AfterEach
    void stop() {
        Optional.ofNullable(client).ifPresent(GuestIntrospectionClient::close);
        Optional.ofNullable(mux).ifPresent(FakeMux::close);
        Optional.ofNullable(other).ifPresent(FakeMux::close);
    }

    /**
     * The writer gives up after one heartbeat interval without progress; the MUX's silence (it answers no
     * heartbeat while it does not read) ends the session after three. A 1 s interval leaves the partner's
     * thread two seconds to fill the socket even on a busy machine, so the writer's give-up comes first
     * (with 300 ms a loaded CI machine once saw the silence first).
     */
    @Test
    void aMuxThatStopsReadingLosesTheSessionAndReleasesThePartnersWritingThread() throws Exception {
        mux = FakeMux.builder("host-1").heartbeatInterval(Duration.ofSeconds(1)).start();
        mux.protect("vm-1", "BASIC", Map.of());
        client = GuestIntrospectionClient.builder(mux.environment(), service).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .start();
        mux.awaitSubscribed(Duration.ofSeconds(10));
        mux.pauseReading(true);
        String bigPath = "/data/" + "x".repeat(60 * 1024);

        Thread partner = new Thread(() -> {
            for (int i = 0; i < 1_000 && client.connected(); i++) {
                client.context().statFile("vm-1", bigPath);
            }
        });
        partner.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !partner.isAlive());
        await().until(() -> client.lastError().map(LinkError::message).orElse("").contains("did not read"));
        mux.pauseReading(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> mux.sessionsStarted() == 2 && client.connected());
    }

    @Test
    void theSdkSaysHelloWithItsIdentityAndSubscribesAfterTheWelcome() throws Exception {
        mux = FakeMux.start("host-1");
        client = start(mux.environment());

        assertThat(mux.awaitSubscribed(Duration.ofSeconds(10)))
                .containsExactlyInAnyOrder(Subscription.decide(EventType.FILE_OPEN), Subscription.notify(EventType.PROCESS_START));
        ServiceHello hello = mux.hellos().get(0);
        assertThat(hello.getVersionsList()).containsExactly(1);
        assertThat(hello.getDeploymentId()).isEqualTo(FakeMux.DEPLOYMENT_ID);
        assertThat(hello.getHostId()).isEqualTo("host-1");
        assertThat(hello.getCredential()).isEqualTo(FakeMux.CREDENTIAL);
        assertThat(hello.getSdkName()).isEqualTo("interpose-sdk-java");
        assertThat(hello.getSolutionVersion()).isEqualTo("9.9");
        await().until(() -> service.sessions.size() == 1);
        assertThat(service.sessions.get(0).hostId()).isEqualTo("host-1");
        assertThat(client.session()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
        assertThat(client.connected()).isTrue();
    }

    @Test
    void aMuxWithNoCommonVersionIsReportedAsVersionUnsupported() throws Exception {
        mux = FakeMux.builder("host-1").supportedVersions(2, 3).start();
        client = start(mux.environment());

        await().until(() -> client.lastError().isPresent());
        LinkError error = client.lastError().orElseThrow();
        assertThat(error.kind()).isEqualTo(LinkError.Kind.VERSION_UNSUPPORTED);
        assertThat(error.message()).contains("[2, 3]").contains("[1]");
        assertThat(client.connected()).isFalse();
    }

    @Test
    void aMuxWhoseCertificateNamesAnotherHostIsRefusedBeforeTheHello() throws Exception {
        mux = FakeMux.builder("host-1").certificateCommonName("host-2").start();
        client = start(mux.environment());

        await().until(() -> client.lastError().isPresent());
        assertThat(client.lastError().orElseThrow().kind()).isEqualTo(LinkError.Kind.MUX_NOT_TRUSTED);
        assertThat(client.lastError().orElseThrow().message()).contains("host-2");
        assertThat(mux.hellos()).as("the token never reaches an untrusted MUX").isEmpty();
    }

    @Test
    void aMuxWithACertificateFromAnotherCaIsRefused() throws Exception {
        mux = FakeMux.start("host-1");
        other = FakeMux.start("host-1");
        client = start(mux.environment().withMuxAddress(other.address()));

        await().until(() -> client.lastError().isPresent());
        assertThat(client.lastError().orElseThrow().kind()).isEqualTo(LinkError.Kind.MUX_NOT_TRUSTED);
        assertThat(other.hellos()).isEmpty();
    }

    @Test
    void aWrongCredentialIsReportedAsAuthenticationFailed() throws Exception {
        mux = FakeMux.start("host-1");
        Map<String, String> properties = new LinkedHashMap<>(mux.environment().properties());
        properties.put(SvmEnvironment.SVM_TOKEN, "stolen");
        client = start(SvmEnvironment.of(properties, Map.of()));

        await().until(() -> client.lastError().isPresent());
        assertThat(client.lastError().orElseThrow().kind()).isEqualTo(LinkError.Kind.AUTHENTICATION_FAILED);
        assertThat(mux.connected()).isFalse();
    }

    @Test
    void afterTheMuxRestartsTheSdkReconnectsAndSubscribesAgain() throws Exception {
        mux = FakeMux.start("host-1");
        client = start(mux.environment());
        mux.awaitSubscribed(Duration.ofSeconds(10));

        mux.restart();

        await().until(() -> mux.sessionsStarted() == 2 && !mux.subscriptions().isEmpty());
        assertThat(mux.hellos()).hasSize(2);
        await().until(() -> service.disconnects.size() == 1 && service.sessions.size() == 2);
        assertThat(service.disconnects.get(0).kind()).isEqualTo(LinkError.Kind.CONNECTION_LOST);
    }

    @Test
    void anUnknownFrameTypeFromTheMuxIsIgnored() throws Exception {
        mux = FakeMux.start("host-1");
        mux.protect("vm-1", "BASIC", Map.of());
        client = start(mux.environment());
        mux.awaitSubscribed(Duration.ofSeconds(10));

        mux.sendFrameBytes(new byte[] {(byte) 0x9a, 0x06, 0x01, 0x00}); // field 99, length-delimited, one byte

        assertThat(mux.verdict(GuestEvents.fileOpen("vm-1", "/tmp/a"), Duration.ofSeconds(10)).denies()).isFalse();
        assertThat(mux.sessionsStarted()).isEqualTo(1);
    }

    @Test
    void aMalformedFrameFromTheMuxMakesTheSdkCloseAndReconnect() throws Exception {
        mux = FakeMux.start("host-1");
        client = start(mux.environment());
        mux.awaitSubscribed(Duration.ofSeconds(10));

        mux.sendBytes(new byte[] {0, 0, 0, 0});

        await().until(() -> mux.sessionsStarted() == 2 && mux.connected());
        assertThat(service.disconnects).extracting(LinkError::kind).containsExactly(LinkError.Kind.PROTOCOL_ERROR);
    }

    private GuestIntrospectionClient start(SvmEnvironment environment) {
        return GuestIntrospectionClient.builder(environment, service).solutionVersion("9.9")
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).start();
    }
}
