package io.interpose.host.ops;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM text for the identity files (so that operators can inspect them with openssl). */
final class Pem {
    private Pem() {}

    static byte[] encode(X509Certificate certificate) {
        return write(certificate);
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    static byte[] encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the host key", e);
        }
    }

    private static byte[] write(Object pemObject) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static PrivateKey privateKey(byte[] pem) throws IOException {
        Object parsed = parse(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        throw new IOException("not a private key");
    }

    static X509Certificate certificate(byte[] pem) throws IOException {
        if (!(parse(pem) instanceof X509CertificateHolder holder)) {
            throw new IOException("not a certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(e);
        }
    }

    private static Object parse(byte[] pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw new IOException("no PEM object");
            }
            return parsed;
        }
    }
}
