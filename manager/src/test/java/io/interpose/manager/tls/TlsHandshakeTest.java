package io.interpose.manager.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS over loopback: a server socket built from the keystore, clients with various trust. */
class TlsHandshakeTest {
    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    Path dir;
    @TempDir
    Path otherDir;

    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
    private SSLServerSocket server;
    private Future<Integer> served;

    @BeforeEach
    void startServer() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.keyStore(), tls.keyStorePassword());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MS);
        served = serverThread.submit(this::serveOneByte);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        serverThread.shutdownNow();
    }

    @Test
    void aClientTrustingOnlyCaPemCompletesTheHandshakeAndVerifiesTheHostName() throws Exception {
        SSLContext client = TlsMaterial.clientContextTrusting(dir.resolve("ca.pem"));

        for (String host : List.of("localhost", "127.0.0.1")) {
            try (SSLSocket socket = connect(client, host)) {
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
            served = serverThread.submit(this::serveOneByte);
        }
    }

    @Test
    void theMaterialsOwnClientContextAlsoTrustsTheServer() throws Exception {
        try (SSLSocket socket = connect(TlsMaterial.loadOrCreate(dir, List.of()).clientContextTrustingCa(), "localhost")) {
            socket.startHandshake();
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
        assertThat(served.get()).isEqualTo(42);
    }

    @Test
    void aClientTrustingNothingRefusesTheServer() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(empty);
        SSLContext nothing = SSLContext.getInstance("TLS");
        nothing.init(null, trust.getTrustManagers(), null);

        try (SSLSocket socket = connect(nothing, "localhost")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class)
                    .hasMessageContaining("trustAnchors");
        }
    }

    @Test
    void aClientTrustingTheDefaultAuthoritiesRefusesTheServer() throws Exception {
        try (SSLSocket socket = connect(SSLContext.getDefault(), "localhost")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aClientTrustingAnotherInterposeCaRefusesTheServer() throws Exception {
        SSLContext other = TlsMaterial.loadOrCreate(otherDir, List.of()).clientContextTrustingCa();

        try (SSLSocket socket = connect(other, "localhost")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aClientAskingForAnotherHostNameRefusesTheServer() throws Exception {
        SSLContext client = TlsMaterial.clientContextTrusting(dir.resolve("ca.pem"));

        try (SSLSocket socket = connect(client, "manager.example.org")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    /** Connects over loopback and expects the server to prove it is {@code peerName} (SNI, host name check). */
    private SSLSocket connect(SSLContext context, String peerName) throws IOException {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, peerName, plain.getPort(), true);
        socket.setSoTimeout(TIMEOUT_MS);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private Integer serveOneByte() throws IOException {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            return 42;
        }
    }
}
