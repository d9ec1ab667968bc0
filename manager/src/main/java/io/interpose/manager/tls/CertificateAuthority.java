package io.interpose.manager.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.IPAddress;

/**
 * A private certificate authority (EC P-256, SHA256withECDSA) that issues the manager's TLS server
 * certificate and the host agents' certificates. Throws {@link IllegalStateException} if the JDK lacks EC support (it never does).
 */
final class CertificateAuthority {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    static final Duration HOST_VALIDITY = Duration.ofDays(397);
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final CertifiedKey ca;
    private final SecureRandom random = new SecureRandom();

    CertificateAuthority(CertifiedKey ca) {
        this.ca = ca;
    }

    /** A new self-signed CA. */
    static CertificateAuthority create(Clock clock) {
        try {
            KeyPair keys = newKeyPair();
            X500Name name = new X500Name("CN=Interpose manager CA,O=Interpose");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, keys.getPublic(), clock, CA_VALIDITY, new SecureRandom())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(new CertifiedKey(keys.getPrivate(), sign(builder, keys.getPrivate())));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the CA certificate", e);
        }
    }

    CertifiedKey certifiedKey() {
        return ca;
    }

    X509Certificate certificate() {
        return ca.certificate();
    }

    /** A server key and certificate for {@code names} (DNS names or IP literals), signed by this CA. */
    CertifiedKey issueServer(List<String> names, Clock clock) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500Name("CN=" + names.get(0) + ",O=Interpose");
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(issuer, subject, keys.getPublic(), clock, SERVER_VALIDITY, random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            return new CertifiedKey(keys.getPrivate(), sign(builder, ca.key()));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the server certificate", e);
        }
    }

    /**
     * A host agent's certificate for the key in {@code csr}: subject {@code CN=<hostId>,O=Interpose}, usable
     * as a TLS client (toward the manager) and server (the host's MUX toward SVMs), valid ~397 days. The
     * request's own subject is ignored. Throws {@link IllegalArgumentException} if the request's signature
     * does not verify or its key cannot be read.
     */
    X509Certificate issueHost(PKCS10CertificationRequest csr, String hostId, Clock clock) {
        try {
            PublicKey key = publicKey(csr);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("the certificate request's signature does not verify");
            }
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostId).addRDN(BCStyle.O, "Interpose").build();
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(issuer, subject, key, clock, HOST_VALIDITY, random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, hostId)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            return sign(builder, ca.key());
        } catch (PKCSException | java.io.IOException | java.security.spec.InvalidKeySpecException e) {
            throw new IllegalArgumentException("unusable certificate request: " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the host certificate", e);
        }
    }

    /** The request's public key, EC or RSA. */
    private static PublicKey publicKey(PKCS10CertificationRequest csr)
            throws java.io.IOException, java.security.spec.InvalidKeySpecException, java.security.NoSuchAlgorithmException {
        var info = csr.getSubjectPublicKeyInfo();
        String algorithm = info.getAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)
                ? "EC" : "RSA";
        return java.security.KeyFactory.getInstance(algorithm).generatePublic(new java.security.spec.X509EncodedKeySpec(info.getEncoded()));
    }

    /** True if {@code certificate} carries a valid signature of this CA. */
    boolean signed(X509Certificate certificate) {
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static GeneralNames alternativeNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(IPAddress.isValid(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Clock clock,
            Duration validity, SecureRandom random) {
        Instant now = clock.instant();
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
