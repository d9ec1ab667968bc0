package io.interpose.manager.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A private key and the certificate of its public key. */
record CertifiedKey(PrivateKey key, X509Certificate certificate) {
    CertifiedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }
}
