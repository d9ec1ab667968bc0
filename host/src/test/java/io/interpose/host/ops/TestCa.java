package io.interpose.host.ops;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A CA for the ops agent's tests that, unlike the protocol's TestPki, can sign certificate requests (as
 * the manager does at enrolment) and names its server certificates for the loopback address.
 */
final class TestCa {
    private final KeyPair keys = newKeyPair();
    private final X509Certificate certificate;

    TestCa() {
        X500Name name = new X500Name("CN=Interpose test CA");
        certificate = sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minusSeconds(3600)),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, keys.getPublic()), true);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The manager's server identity, valid for 127.0.0.1 and localhost. */
    HostIdentity server() {
        KeyPair serverKeys = newKeyPair();
        return new HostIdentity("manager", serverKeys.getPrivate(), issue("manager", serverKeys.getPublic()), certificate);
    }

    /** An identity for a host, made without enrolment. */
    HostIdentity host(String hostId) {
        KeyPair hostKeys = newKeyPair();
        return new HostIdentity(hostId, hostKeys.getPrivate(), issue(hostId, hostKeys.getPublic()), certificate);
    }

    /** Signs a PKCS#10 request (DER) after checking its signature; the subject is the request's. */
    X509Certificate signRequest(byte[] der) {
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(der);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
                throw new IllegalArgumentException("bad request signature");
            }
            String cn = request.getSubject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)[0].getFirst().getValue().toString();
            return issue(cn, request.getPublicKey());
        } catch (Exception e) {
            throw new IllegalArgumentException("bad certificate request", e);
        }
    }

    private X509Certificate issue(String cn, PublicKey subjectKey) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Interpose test CA"), serial(),
                    Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    new X500Name("CN=" + cn), subjectKey)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            return sign(builder, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, boolean isCa) {
        try {
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
