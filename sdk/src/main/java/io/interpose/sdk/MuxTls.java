package io.interpose.sdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the MUX: trusts only the CA of the SVM's environment, and requires the MUX certificate's
 * subject CN to be the SVM's host id (no other hostname verification: the MUX is reached by address).
 */
final class MuxTls {
    private final SSLContext context;
    private final String hostId;

    MuxTls(X509Certificate ca, String hostId) {
        this.hostId = hostId;
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("interpose-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context trusting the CA: " + e.getMessage(), e);
        }
    }

    /**
     * A connected, handshaken socket whose peer is the MUX of {@code hostId}.
     *
     * @throws MuxNotTrustedException if the certificate does not chain to the CA or names another host
     * @throws IOException if the connection or handshake fails otherwise
     */
    MuxSocket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address.getHostString(), address.getPort()), timeoutMillis);
            if (plain.getLocalSocketAddress().equals(plain.getRemoteSocketAddress())) {
                throw new IOException("loopback self-connect: nothing listens on " + address);
            }
            plain.setSoTimeout(timeoutMillis);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, address.getHostString(), address.getPort(), true);
            socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            handshake(socket);
            return new MuxSocket(socket, plain);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private void handshake(SSLSocket socket) throws IOException {
        try {
            socket.startHandshake();
        } catch (SSLHandshakeException e) {
            if (hasCause(e, CertificateException.class) || String.valueOf(e.getMessage()).contains("PKIX")) {
                throw new MuxNotTrustedException("the MUX's certificate does not chain to the CA of the environment: " + e.getMessage());
            }
            throw e;
        }
        X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        String cn = commonName(peer);
        if (!cn.equals(hostId)) {
            throw new MuxNotTrustedException("the MUX's certificate names host '" + cn + "', this SVM runs on '" + hostId + "'");
        }
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return "";
        } catch (InvalidNameException e) {
            return "";
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The MUX is not the one the environment names. */
    static final class MuxNotTrustedException extends IOException {
        MuxNotTrustedException(String message) {
            super(message);
        }
    }

    /**
     * A connection to the MUX: the TLS socket, and the TCP socket under it. Closing the TCP socket ends a
     * write blocked on a MUX that does not read; closing the TLS socket then would wait for that write
     * forever (it sends close_notify under the same lock).
     */
    record MuxSocket(SSLSocket tls, Socket tcp) {
    }
}
