package io.interpose.lab.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA for the benchmark and the MUX certificate it signs (subject CN = the host id), so the bench
 * runs the partner link with real TLS as a host does. Lives one run; nothing is written to disk.
 *
 * @param ca the CA certificate, which the partner SDK trusts
 * @param muxTls the MUX's server context, presenting the host certificate
 */
record BenchPki(X509Certificate ca, SSLContext muxTls) {

    private static final char[] PASSWORD = "bench".toCharArray();

    /** Makes a P-256 CA and a host certificate for {@code hostId}; fails only if the JDK lacks EC or TLS. */
    static BenchPki forHost(String hostId) {
        try {
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=Interpose bench CA");
            X509Certificate ca = sign(builder(caName, caName, caKeys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0)), caKeys.getPrivate());
            KeyPair hostKeys = newKeyPair();
            X509Certificate host = sign(builder(caName, new X500Name("CN=" + hostId), hostKeys)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                    caKeys.getPrivate());
            return new BenchPki(ca, serverContext(hostKeys.getPrivate(), host, ca));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the benchmark's certificates: " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static SSLContext serverContext(PrivateKey key, X509Certificate certificate, X509Certificate ca)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("mux", key, PASSWORD, new Certificate[] {certificate, ca});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
