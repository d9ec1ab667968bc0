package io.interpose.protocol.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA for tests of TLS links: issues EC certificates for a subject CN (usable as server and
 * as client) and builds SSL contexts from them. Real deployments get their certificates from the
 * manager's CA (enrolment); this only stands in for it in tests of the links themselves.
 */
public final class TestPki {

    private static final char[] PASSWORD = "test".toCharArray();

    private final KeyPair caKeys;
    private final X509Certificate ca;

    /** A key and its chain (leaf first, then the CA). */
    public record Identity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

        /**
         * A context presenting this identity and trusting the CA, for either end of a link (whether a
         * server asks for client certificates is set on its socket).
         */
        public SSLContext context() {
            return TestPki.context(this, ca);
        }
    }

    public TestPki() {
        try {
            caKeys = newKeyPair();
            X500Name name = new X500Name("CN=Test CA");
            ca = sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minusSeconds(3600)),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), name, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0)), caKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    /** The CA certificate as PEM text. */
    public String caPem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with subject {@code CN=cn}, signed by this CA, for server and client use. */
    public Identity issue(String cn) {
        try {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), serial(),
                    Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    new X500Name("CN=" + cn), keys.getPublic())
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            return new Identity(keys.getPrivate(), sign(builder, caKeys.getPrivate()), ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A context that trusts this CA and presents nothing. */
    public SSLContext trustingContext() {
        return context(null, ca);
    }

    private static SSLContext context(Identity identity, X509Certificate trusted) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (identity != null) {
                keys.setKeyEntry("key", identity.key(), PASSWORD, new Certificate[] {identity.certificate(), trusted});
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
