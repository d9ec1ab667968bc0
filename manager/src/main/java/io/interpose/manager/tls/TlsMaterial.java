package io.interpose.manager.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.util.IPAddress;

/**
 * The manager's TLS identity, kept in its data directory: a private CA ({@code ca.pem}, which clients
 * trust; its key in {@code ca.p12}) and a server key and certificate signed by it ({@code server.p12},
 * alias {@code server}), valid for {@code localhost}, {@code 127.0.0.1} and the given host names. Both
 * keystores are PKCS12 protected by a random password kept in {@code keystore.password}; the password
 * and key files are readable only by their owner.
 *
 * <p>The first start creates everything; later starts reuse it unchanged. The server certificate alone
 * is re-issued (by the same CA, so clients keep trusting it) when a host name is added, when it expires
 * within 30 days, or when {@code server.p12} is missing or unreadable. Without {@code keystore.password}
 * a new CA is created. Failure modes: {@link java.io.UncheckedIOException} when the directory cannot be
 * read or written, {@link IllegalStateException} when {@code ca.p12} exists but cannot be opened,
 * {@link IllegalArgumentException} for a host name that is neither a DNS name nor an IP address.
 */
public final class TlsMaterial {
    public static final String SERVER_ALIAS = "server";
    public static final String KEYSTORE_FILE = "server.p12";
    public static final String CA_KEYSTORE_FILE = "ca.p12";
    public static final String CA_CERT_FILE = "ca.pem";
    public static final String PASSWORD_FILE = "keystore.password";

    private static final String CA_ALIAS = "ca";
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9.*-]{0,251}[A-Za-z0-9])?");

    private final KeyStore keyStore;
    private final char[] password;
    private final Path keyStorePath;
    private final Path caCertificate;
    private final X509Certificate ca;
    private final X509Certificate server;
    private final CertificateAuthority authority;
    private final Clock clock;

    private TlsMaterial(KeyStore keyStore, char[] password, Path keyStorePath, Path caCertificate, CertificateAuthority authority,
            X509Certificate server, Clock clock) {
        this.keyStore = keyStore;
        this.password = password;
        this.keyStorePath = keyStorePath;
        this.caCertificate = caCertificate;
        this.ca = authority.certificate();
        this.authority = authority;
        this.server = server;
        this.clock = clock;
    }

    public static TlsMaterial loadOrCreate(Path dataDir, List<String> hostNames) {
        return loadOrCreate(dataDir, hostNames, Clock.systemUTC());
    }

    /** As {@link #loadOrCreate(Path, List)}, with the clock that dates and checks certificates. */
    public static TlsMaterial loadOrCreate(Path dataDir, List<String> hostNames, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        List<String> names = names(hostNames);
        Optional<String> stored = TlsFiles.readString(dataDir.resolve(PASSWORD_FILE));
        char[] password = stored.orElseGet(() -> newPassword(dataDir)).toCharArray();
        CertificateAuthority authority = stored.flatMap(p -> loadAuthority(dataDir, password))
                .orElseGet(() -> createAuthority(dataDir, password, clock));
        writeCaPemIfChanged(dataDir.resolve(CA_CERT_FILE), authority.certificate());
        Path keyStorePath = dataDir.resolve(KEYSTORE_FILE);
        KeyStore keyStore = reusableServer(keyStorePath, password, authority, names, clock)
                .orElseGet(() -> issueServer(keyStorePath, password, authority, names, clock));
        X509Certificate server = TlsFiles.entry(keyStore, SERVER_ALIAS, password).orElseThrow().certificate();
        return new TlsMaterial(keyStore, password, keyStorePath, dataDir.resolve(CA_CERT_FILE),
                authority, server, clock);
    }

    /** The server keystore (PKCS12, one key entry {@value #SERVER_ALIAS} with the chain server, CA). */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The password of the keystore and of its key entry (a copy). */
    public char[] keyStorePassword() {
        return password.clone();
    }

    public Path keyStorePath() {
        return keyStorePath;
    }

    /** The CA certificate (PEM) that clients trust. */
    public Path caCertificate() {
        return caCertificate;
    }

    public X509Certificate serverCertificate() {
        return server;
    }

    /** The CA certificate itself (the trust anchor of host agents and their SVMs). */
    public X509Certificate caX509Certificate() {
        return ca;
    }

    /** True if {@code certificate} carries a valid signature of this CA. */
    public boolean issuedByCa(X509Certificate certificate) {
        return authority.signed(certificate);
    }

    /**
     * Signs a host agent's PKCS#10 request ({@code csrDer}, DER): subject CN = {@code hostId}, EKU
     * serverAuth and clientAuth, ~397 days. Throws {@link IllegalArgumentException} for a request that
     * cannot be parsed or whose signature does not verify.
     */
    public X509Certificate issueHostCertificate(byte[] csrDer, String hostId) {
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr;
        try {
            csr = new org.bouncycastle.pkcs.PKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate request is not PKCS#10 DER: " + e.getMessage(), e);
        }
        return authority.issueHost(csr, hostId, clock);
    }

    /** An SSL context presenting the server certificate, for a server socket. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server SSL context", e);
        }
    }

    /** An SSL context for clients that trusts this CA and nothing else. */
    public SSLContext clientContextTrustingCa() {
        return clientContextTrusting(ca);
    }

    /** An SSL context for clients that trusts only the CA certificate in {@code caPem} (e.g. lab.json's ca_cert). */
    public static SSLContext clientContextTrusting(Path caPem) {
        return clientContextTrusting(TlsFiles.readCertificate(caPem));
    }

    private static SSLContext clientContextTrusting(X509Certificate trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(CA_ALIAS, trusted);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSL context", e);
        }
    }

    private static String newPassword(Path dataDir) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TlsFiles.writeAtomically(dataDir.resolve(PASSWORD_FILE), (password + "\n").getBytes(StandardCharsets.US_ASCII),
                true);
        return password;
    }

    private static CertificateAuthority createAuthority(Path dataDir, char[] password, Clock clock) {
        CertificateAuthority authority = CertificateAuthority.create(clock);
        TlsFiles.writeAtomically(dataDir.resolve(CA_KEYSTORE_FILE),
                TlsFiles.pkcs12(CA_ALIAS, authority.certifiedKey(), password), true);
        return authority;
    }

    private static Optional<CertificateAuthority> loadAuthority(Path dataDir, char[] password) {
        Path file = dataDir.resolve(CA_KEYSTORE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(TlsFiles.loadPkcs12(file, password)
                .flatMap(store -> TlsFiles.entry(store, CA_ALIAS, password))
                .map(CertificateAuthority::new)
                .orElseThrow(() -> new IllegalStateException("cannot open " + file + " with " + PASSWORD_FILE
                        + "; restore them, or delete both to create a new CA (clients must then trust the new "
                        + CA_CERT_FILE + ")")));
    }

    private static void writeCaPemIfChanged(Path file, X509Certificate ca) {
        byte[] pem = TlsFiles.pem(ca);
        boolean same = TlsFiles.readString(file).map(s -> s.equals(new String(pem, StandardCharsets.US_ASCII).strip()))
                .orElse(false);
        if (!same) {
            TlsFiles.writeAtomically(file, pem, false);
        }
    }

    private static Optional<KeyStore> reusableServer(Path file, char[] password, CertificateAuthority authority,
            List<String> names, Clock clock) {
        return TlsFiles.loadPkcs12(file, password).filter(store -> TlsFiles.entry(store, SERVER_ALIAS, password)
                .map(CertifiedKey::certificate)
                .filter(cert -> authority.signed(cert) && current(cert, clock) && subjectNames(cert).containsAll(
                        names.stream().map(TlsMaterial::normalised).collect(Collectors.toSet())))
                .isPresent());
    }

    private static KeyStore issueServer(Path file, char[] password, CertificateAuthority authority, List<String> names,
            Clock clock) {
        byte[] pkcs12 = TlsFiles.pkcs12(SERVER_ALIAS, authority.issueServer(names, clock), password,
                authority.certificate());
        TlsFiles.writeAtomically(file, pkcs12, true);
        return TlsFiles.loadPkcs12(file, password).orElseThrow(() -> new IllegalStateException("cannot reopen " + file));
    }

    private static boolean current(X509Certificate cert, Clock clock) {
        Instant now = clock.instant();
        return !now.isBefore(cert.getNotBefore().toInstant())
                && now.plus(RENEW_BEFORE).isBefore(cert.getNotAfter().toInstant());
    }

    private static Set<String> subjectNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            return sans == null ? Set.of() : sans.stream().map(san -> normalised(String.valueOf(san.get(1))))
                    .collect(Collectors.toSet());
        } catch (CertificateParsingException e) {
            return Set.of();
        }
    }

    /** localhost, 127.0.0.1, then the given names; blank ones dropped, duplicates removed. */
    static List<String> names(List<String> hostNames) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        hostNames.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(n -> {
            if (!IPAddress.isValid(n) && !DNS_NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("not a DNS name or IP address: '" + n + "'");
            }
            names.add(n);
        });
        return List.copyOf(names);
    }

    private static String normalised(String name) {
        if (!IPAddress.isValid(name)) {
            return name.toLowerCase(Locale.ROOT);
        }
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (UnknownHostException e) {
            return name;
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[server=" + server.getSubjectX500Principal() + ", ca=" + caCertificate
                + ", password=(hidden)]";
    }
}
