package io.interpose.host.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The host's TLS identity: an EC key and its certificate (subject CN = host id) issued by the
 * manager's CA at enrolment, and that CA, the trust anchor for the manager and the SVMs.
 *
 * <p>Kept in the data directory as PEM files ({@value #KEY_FILE}, {@value #CERTIFICATE_FILE},
 * {@value #CA_FILE}), readable only by their owner. Immutable and thread-safe. Loading and enrolment
 * fail with an {@link EnrolmentException} that says what is wrong.
 */
public final class HostIdentity {
    static final String KEY_FILE = "host-key.pem";
    static final String CERTIFICATE_FILE = "host-cert.pem";
    static final String CA_FILE = "ca.pem";
    private static final char[] KEYSTORE_PASSWORD = "interpose".toCharArray();

    private final String hostId;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final X509Certificate ca;

    HostIdentity(String hostId, PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        this.hostId = requireHostId(hostId);
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.ca = Objects.requireNonNull(ca, "ca");
        String subject = commonName(certificate).orElse("");
        if (!subject.equals(hostId)) {
            throw new EnrolmentException("the host certificate names '" + subject + "', not this host '" + hostId + "'");
        }
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("the host certificate of '" + hostId + "' is not signed by its CA", e);
        }
    }

    /**
     * Loads the identity from {@code dataDir}, or, if there is none, enrols with the join token: makes a
     * key and a PKCS#10 request (the key never leaves the host), calls {@code HostControl.Enroll} over
     * TLS that trusts only {@code managerCa} (no client certificate), and stores key, certificate and CA
     * owner-only.
     *
     * @throws EnrolmentException if there is no identity and no token, the stored identity is damaged or
     *     names another host, or the manager refuses the token or cannot be reached
     */
    public static HostIdentity loadOrEnrol(String hostId, Path dataDir, InetSocketAddress manager,
            X509Certificate managerCa, Optional<String> joinToken) {
        requireHostId(hostId);
        Optional<HostIdentity> stored = load(hostId, dataDir);
        if (stored.isPresent()) {
            return stored.get();
        }
        String token = joinToken.filter(t -> !t.isBlank()).orElseThrow(() -> new EnrolmentException(
                "host '" + hostId + "' has no identity in " + dataDir.toAbsolutePath()
                        + " and no join token to enrol with: create a join token on the manager and pass it"));
        HostIdentity enrolled = Enrolment.enrol(hostId, manager, managerCa, token);
        enrolled.store(dataDir);
        return enrolled;
    }

    /**
     * The identity stored in {@code dataDir}; empty if none of its files exist.
     *
     * @throws EnrolmentException if only some of them exist, one cannot be read, or it names another host
     */
    public static Optional<HostIdentity> load(String hostId, Path dataDir) {
        List<Path> files = List.of(dataDir.resolve(KEY_FILE), dataDir.resolve(CERTIFICATE_FILE), dataDir.resolve(CA_FILE));
        long present = files.stream().filter(Files::exists).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < files.size()) {
            throw new EnrolmentException("the identity in " + dataDir.toAbsolutePath()
                    + " is incomplete (need " + KEY_FILE + ", " + CERTIFICATE_FILE + " and " + CA_FILE + "): remove them and enrol again");
        }
        try {
            return Optional.of(new HostIdentity(hostId, Pem.privateKey(Files.readAllBytes(files.get(0))),
                    Pem.certificate(Files.readAllBytes(files.get(1))), Pem.certificate(Files.readAllBytes(files.get(2)))));
        } catch (IOException | UncheckedIOException e) {
            throw new EnrolmentException("cannot read the identity in " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public String hostId() {
        return hostId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate ca() {
        return ca;
    }

    /**
     * True when less than a third of the certificate's validity is left at {@code now}: time to renew
     * (for the 397-day certificates the manager issues, about 132 days before they expire).
     */
    public boolean renewalDue(Instant now) {
        long start = certificate.getNotBefore().getTime();
        long end = certificate.getNotAfter().getTime();
        return end - now.toEpochMilli() < (end - start) / 3;
    }

    /** The same identity with a renewed certificate, which must be for this host, this key and this CA. */
    HostIdentity renewed(X509Certificate renewal) {
        if (!renewal.getPublicKey().equals(certificate.getPublicKey())) {
            throw new EnrolmentException("the renewed certificate of '" + hostId + "' is for another key");
        }
        return new HostIdentity(hostId, key, renewal, ca);
    }

    /** Replaces the stored certificate (one atomic file write: the key does not change on renewal). */
    void storeCertificate(Path dataDir) {
        OwnerOnlyFiles.write(dataDir.resolve(CERTIFICATE_FILE), Pem.encode(certificate));
    }

    KeyPair keyPair() {
        return new KeyPair(certificate.getPublicKey(), key);
    }

    /** For the MUX's partner link: presents the host certificate, trusts the CA. A new context each call. */
    public SSLContext serverContext() {
        return context();
    }

    /** For mutual TLS to the manager: presents the host certificate, trusts the CA. A new context each call. */
    public SSLContext clientContext() {
        return context();
    }

    @Override
    public String toString() {
        return "HostIdentity[" + hostId + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }

    void store(Path dataDir) {
        OwnerOnlyFiles.createDirectory(dataDir);
        OwnerOnlyFiles.write(dataDir.resolve(CA_FILE), Pem.encode(ca));
        OwnerOnlyFiles.write(dataDir.resolve(CERTIFICATE_FILE), Pem.encode(certificate));
        OwnerOnlyFiles.write(dataDir.resolve(KEY_FILE), Pem.encode(key));
    }

    KeyManager[] keyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("host", key, KEYSTORE_PASSWORD, new Certificate[] {certificate, ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, KEYSTORE_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the host key", e);
        }
    }

    TrustManager[] trustManagers() {
        return trusting(ca);
    }

    /** Trust managers that accept exactly the chains issued by {@code anchor}. */
    static TrustManager[] trusting(X509Certificate anchor) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", anchor);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the CA " + anchor.getSubjectX500Principal(), e);
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return names.length == 0 ? Optional.empty() : Optional.of(IETFUtils.valueToString(names[0].getFirst().getValue()));
    }

    private SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    private static String requireHostId(String hostId) {
        if (hostId == null || hostId.isBlank()) {
            throw new IllegalArgumentException("host id is required");
        }
        return hostId;
    }
}
