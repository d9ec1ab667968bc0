package io.interpose.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a service VM learns from its OVF environment ({@code ovf-env.xml}, docs/gi-protocol.md section 8):
 * its identity towards the Context MUX, the manager's CA that the MUX's certificate chains to, and where
 * the MUX listens; plus every property, so the partner can read its own deployment template attributes.
 *
 * <p>Missing Interpose properties are empty strings (or an empty {@link #muxAddress()} /
 * {@link #caCertificate()}): an appliance can still start without a MUX, but
 * {@link GuestIntrospectionClient} refuses such an environment. {@link #toString()} never shows the token.
 */
public record SvmEnvironment(String deploymentId, String hostId, String svmToken, Optional<X509Certificate> caCertificate,
        Optional<InetSocketAddress> muxAddress, Map<String, String> properties) {
    public static final String DEPLOYMENT_ID = "interpose.deployment.id";
    public static final String HOST_ID = "interpose.host.id";
    public static final String SVM_TOKEN = "interpose.svm.token";
    public static final String CA_CERTIFICATE = "interpose.ca.certificate";
    public static final String MUX_ADDRESS = "interpose.mux.address";
    /** The key docs/appliance-format.md names for the same address; read when {@value #MUX_ADDRESS} is absent. */
    public static final String MUX_ENDPOINT = "interpose.mux.endpoint";
    /** The environment variable that overrides the MUX address of the OVF environment. */
    public static final String MUX_ADDRESS_VARIABLE = "INTERPOSE_MUX_ADDRESS";

    public SvmEnvironment {
        deploymentId = deploymentId == null ? "" : deploymentId.strip();
        hostId = hostId == null ? "" : hostId.strip();
        svmToken = svmToken == null ? "" : svmToken;
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Reads {@code ovfEnvXml}, with {@value #MUX_ADDRESS_VARIABLE} from the process environment.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not an OVF environment, or a value is malformed (CA, address)
     */
    public static SvmEnvironment read(Path ovfEnvXml) throws IOException {
        return read(ovfEnvXml, System.getenv());
    }

    /** {@link #read(Path)} with the given environment variables instead of the process's. */
    public static SvmEnvironment read(Path ovfEnvXml, Map<String, String> variables) throws IOException {
        return of(EnvironmentXml.properties(ovfEnvXml), variables);
    }

    /**
     * From properties already read, with {@value #MUX_ADDRESS_VARIABLE} taken from {@code variables}.
     *
     * @throws IllegalArgumentException if the CA is not base64 DER or an address is not {@code host:port}
     */
    public static SvmEnvironment of(Map<String, String> properties, Map<String, String> variables) {
        Optional<String> address = nonBlank(variables.get(MUX_ADDRESS_VARIABLE))
                .or(() -> nonBlank(properties.get(MUX_ADDRESS)))
                .or(() -> nonBlank(properties.get(MUX_ENDPOINT)));
        return new SvmEnvironment(properties.get(DEPLOYMENT_ID), properties.get(HOST_ID), properties.get(SVM_TOKEN),
                nonBlank(properties.get(CA_CERTIFICATE)).map(SvmEnvironment::certificate),
                address.map(SvmEnvironment::address), properties);
    }

    /** A property of the environment (Interpose's or a deployment template attribute), if present. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** This environment with the MUX at {@code address} (e.g. a test's fake MUX). */
    public SvmEnvironment withMuxAddress(InetSocketAddress address) {
        return new SvmEnvironment(deploymentId, hostId, svmToken, caCertificate, Optional.of(address), properties);
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:port}) without resolving it. */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        try {
            String host = text.substring(0, Math.max(colon, 0)).strip().replace("[", "").replace("]", "");
            int port = Integer.parseInt(text.substring(colon + 1).strip());
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the MUX address '" + text + "' is not host:port");
        }
    }

    private static X509Certificate certificate(String base64Der) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64Der);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new IllegalArgumentException(CA_CERTIFICATE + " is not a base64 DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "SvmEnvironment[deploymentId=" + deploymentId + ", hostId=" + hostId + ", muxAddress="
                + muxAddress.map(a -> a.getHostString() + ":" + a.getPort()).orElse("none") + ", keys=" + properties.keySet() + "]";
    }
}
