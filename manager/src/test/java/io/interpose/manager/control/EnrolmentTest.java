package io.interpose.manager.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.TestManager;
import io.interpose.protocol.control.EnrollRequest;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an administrator makes a one-time join token for a host; the host agent enrols with it
 * and gets a certificate naming its host; tokens cannot be reused, used for another host or for an
 * unknown host, and Sync refuses callers without our certificate.
 */
class EnrolmentTest {
    @TempDir
    Path dir;
    TestManager server;
    ControlFixture fixture;

    @BeforeEach
    void start() {
        server = TestManager.start(dir);
        fixture = new ControlFixture(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aJoinTokenBuysACertificateNamingTheHostForClientAndServerUse() throws Exception {
        ApiResponse token = fixture.admin.post("/api/v1/fabric/hosts/host-1?action=create_join_token", null);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.body().path("host_id").asText()).isEqualTo("host-1");
        assertThat(token.body().path("expires_at").asLong()).isGreaterThan(System.currentTimeMillis() + 3_500_000);
        try (TestHost host = new TestHost("host-1", server.manager().controlCaCertificate())) {
            X509Certificate certificate = host.enrol(server.manager().controlPort(), token.body().path("join_token").asText());
            assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=host-1");
            assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
            certificate.verify(TestHost.readCertificate(server.manager().controlCaCertificate()).getPublicKey());
            assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays())
                    .isBetween(396L, 398L);
        }
    }

    @Test
    void aTokenWorksOnceForItsOwnHostOnly() {
        String token = fixture.joinToken("host-2");
        try (TestHost one = new TestHost("host-1", server.manager().controlCaCertificate());
                TestHost two = new TestHost("host-2", server.manager().controlCaCertificate())) {
            int port = server.manager().controlPort();
            assertThatThrownBy(() -> one.enrol(port, token)).as("another host's token")
                    .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            two.enrol(port, token);
            assertThatThrownBy(() -> two.enrol(port, token)).as("a used token")
                    .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> one.enrol(port, "made-up")).as("an unknown token")
                    .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void malformedOrMisdirectedEnrolmentsAreRefusedWithClearStatuses() {
        try (TestHost host = new TestHost("host-1", server.manager().controlCaCertificate())) {
            int port = server.manager().controlPort();
            String token = fixture.joinToken("host-1");
            assertThat(code(() -> host.enrollRaw(port, host.request("host-1", token, new byte[] {1, 2, 3}))))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> host.enrollRaw(port, EnrollRequest.newBuilder().setHostId("host-1").build())))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> host.enrollRaw(port, host.request("host-99", token, host.csr()))))
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            host.enrol(port, token);
        }
    }

    @Test
    void onlyEnterpriseAdminsMakeJoinTokensForKnownHosts() {
        assertThat(fixture.admin.post("/api/v1/fabric/hosts/host-99?action=create_join_token", null).status()).isEqualTo(404);
        assertThat(fixture.admin.post("/api/v1/fabric/hosts/host-1?action=nonsense", null).status()).isEqualTo(400);
        var security = server.user("sec", "security_admin", "");
        assertThat(security.post("/api/v1/fabric/hosts/host-1?action=create_join_token", null).status()).isEqualTo(403);
        var partner = server.user("acme", "partner", "acme");
        assertThat(partner.post("/api/v1/fabric/hosts/host-1?action=create_join_token", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void anEnrolledHostRenewsItsCertificateForTheSameHostAndKeyAndSyncsWithTheNewOne() {
        try (TestHost host = fixture.enrolled("host-1")) {
            int port = server.manager().controlPort();
            X509Certificate first = host.certificateInUse();

            X509Certificate renewed = host.renew(port);

            assertThat(TestHost.commonName(renewed)).isEqualTo("host-1");
            assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(renewed.getPublicKey()).isEqualTo(first.getPublicKey());
            assertThat(renewed.getNotAfter()).isAfterOrEqualTo(first.getNotAfter());
            TestHost.Sync sync = host.sync(port, 0);
            assertThat(ControlFixture.next(sync, Duration.ofSeconds(10)).hasSnapshot()).isTrue();
        }
    }

    @Test
    void aRenewalWithAnUnusableRequestIsInvalid() {
        try (TestHost host = fixture.enrolled("host-1")) {
            assertThatThrownBy(() -> host.renewRaw(server.manager().controlPort(), new byte[] {1, 2, 3}))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void renewingWithoutAClientCertificateIsUnauthenticated() {
        try (TestHost stranger = new TestHost("host-1", server.manager().controlCaCertificate())) {
            assertThatThrownBy(() -> stranger.renew(server.manager().controlPort())).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void syncWithoutAClientCertificateIsUnauthenticated() {
        try (TestHost stranger = new TestHost("host-1", server.manager().controlCaCertificate())) {
            TestHost.Sync sync = stranger.sync(server.manager().controlPort(), 0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sync.status().isPresent());
            assertThat(sync.status().orElseThrow().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(sync.received).isEmpty();
        }
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            throw new AssertionError("the call was accepted");
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }
}
