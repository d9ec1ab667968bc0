package io.interpose.host.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.protocol.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityTest {
    private final TestCa ca = new TestCa();
    private final FakeManager manager = FakeManager.start(ca);
    @TempDir
    Path dataDir;

    @AfterEach
    void stopManager() {
        manager.close();
    }

    @Test
    void enrolsOnceWithTheTokenThenReloadsFromDiskWithoutIt() {
        manager.acceptToken("join-1");

        HostIdentity enrolled = HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.of("join-1"));
        HostIdentity reloaded = HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.empty());

        assertThat(enrolled.hostId()).isEqualTo("host-1");
        assertThat(HostIdentity.commonName(enrolled.certificate())).contains("host-1");
        assertThat(enrolled.ca()).isEqualTo(ca.certificate());
        assertThat(reloaded.certificate()).isEqualTo(enrolled.certificate());
        assertThat(reloaded.ca()).isEqualTo(enrolled.ca());
    }

    @Test
    void storesKeyCertificateAndCaReadableOnlyByTheOwner() throws Exception {
        manager.acceptToken("join-1");
        HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.of("join-1"));

        for (String file : new String[] {HostIdentity.KEY_FILE, HostIdentity.CERTIFICATE_FILE, HostIdentity.CA_FILE}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        assertThat(Files.readString(dataDir.resolve(HostIdentity.KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void withoutIdentityOrTokenFailsSayingWhatIsMissing() {
        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.empty()))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("host-1")
                .hasMessageContaining("no identity")
                .hasMessageContaining("join token");
    }

    @Test
    void aRefusedTokenFailsSayingTheManagerRefused() {
        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.of("wrong")))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("refused to enrol host 'host-1'")
                .hasMessageContaining("PERMISSION_DENIED");
        assertThat(dataDir.resolve(HostIdentity.KEY_FILE)).doesNotExist();
    }

    @Test
    void aTokenIsUsableOnlyOnce() {
        manager.acceptToken("join-1");
        HostIdentity.loadOrEnrol("host-1", dataDir.resolve("a"), manager.address(), ca.certificate(), Optional.of("join-1"));

        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-2", dataDir.resolve("b"), manager.address(), ca.certificate(), Optional.of("join-1")))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void doesNotSendTheTokenToAManagerItsCaDidNotSign() {
        manager.acceptToken("join-1");
        TestPki otherCa = new TestPki();

        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), otherCa.ca(), Optional.of("join-1")))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("cannot enrol host 'host-1'")
                .hasMessageContaining("UNAVAILABLE");
        assertThat(HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.of("join-1")).hostId())
                .as("the token was not consumed").isEqualTo("host-1");
    }

    @Test
    void refusesAStoredIdentityOfAnotherHost() {
        ca.host("host-1").store(dataDir);

        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-2", dataDir, manager.address(), ca.certificate(), Optional.empty()))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("names 'host-1', not this host 'host-2'");
    }

    @Test
    void refusesAnIncompleteStoredIdentity() throws Exception {
        ca.host("host-1").store(dataDir);
        Files.delete(dataDir.resolve(HostIdentity.CA_FILE));

        assertThatThrownBy(() -> HostIdentity.loadOrEnrol("host-1", dataDir, manager.address(), ca.certificate(), Optional.empty()))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("incomplete");
    }

    @Test
    void itsContextsAuthenticateBothEndsOfALink() throws Exception {
        HostIdentity server = ca.host("host-1");
        HostIdentity client = ca.host("host-2");

        String peer = TlsLoopback.handshake(server.serverContext(), client.clientContext());

        assertThat(peer).isEqualTo("host-2");
    }
}
