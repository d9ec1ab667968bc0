package io.interpose.manager.tls;

import io.interpose.manager.DataFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * Reading and writing the TLS files of a data directory. Writes are atomic (temporary file, then
 * rename); secrets are created readable only by the owner where the file system has POSIX permissions.
 */
final class TlsFiles {
    private TlsFiles() {}

    static void writeAtomically(Path target, byte[] content, boolean ownerOnly) {
        DataFiles.writeAtomically(target, content, ownerOnly);
    }

    static Optional<String> readString(Path file) {
        return DataFiles.readString(file);
    }

    static byte[] pkcs12(String alias, CertifiedKey entry, char[] password, Certificate... chainTail) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] chain = new Certificate[chainTail.length + 1];
            chain[0] = entry.certificate();
            System.arraycopy(chainTail, 0, chain, 1, chainTail.length);
            store.setKeyEntry(alias, entry.key(), password, chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS12 keystore", e);
        }
    }

    /** The keystore in {@code file}; empty if it is absent or cannot be opened with {@code password}. */
    static Optional<KeyStore> loadPkcs12(Path file, char[] password) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(Files.readAllBytes(file)), password);
            return Optional.of(store);
        } catch (GeneralSecurityException | IOException e) {
            return Optional.empty();
        }
    }

    /** The key entry {@code alias} of {@code store}; empty if absent or not a key with an X.509 certificate. */
    static Optional<CertifiedKey> entry(KeyStore store, String alias, char[] password) {
        try {
            return store.getKey(alias, password) instanceof PrivateKey key
                    && store.getCertificate(alias) instanceof X509Certificate certificate
                    ? Optional.of(new CertifiedKey(key, certificate)) : Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    static byte[] pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** The certificate in a PEM (or DER) file. */
    static X509Certificate readCertificate(Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + " does not hold a certificate", e);
        }
    }
}
