package io.interpose.host.ops;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A real TLS handshake over loopback between two contexts, the server requiring a client certificate. */
final class TlsLoopback {
    private TlsLoopback() {}

    /** The CN of the client certificate the server saw. */
    static String handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    return HostIdentity.commonName((X509Certificate) accepted.getSession().getPeerCertificates()[0]).orElseThrow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.startHandshake();
                client.getInputStream().read();
            }
            return peer.get(10, TimeUnit.SECONDS);
        }
    }
}
