package io.interpose.manager.control;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.interpose.manager.tls.TlsMaterial;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Finds which host is calling: the CN of the TLS client certificate, if the peer presented one that our
 * CA signed and that is currently valid. The host id (or nothing) is put in the gRPC {@link Context}
 * under {@link #HOST_ID}; services decide what an anonymous caller may do (only Enroll).
 */
final class HostIdentity implements ServerInterceptor {
    static final Context.Key<Optional<String>> HOST_ID = Context.keyWithDefault("interpose-host-id", Optional.empty());
    private final TlsMaterial tls;

    HostIdentity(TlsMaterial tls) {
        this.tls = tls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Optional<String> host = Optional.ofNullable(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)).flatMap(this::hostOf);
        return Contexts.interceptCall(Context.current().withValue(HOST_ID, host), call, headers, next);
    }

    private Optional<String> hostOf(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            leaf.checkValidity();
            return tls.issuedByCa(leaf) ? commonName(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException | java.security.cert.CertificateException e) {
            return Optional.empty();
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
