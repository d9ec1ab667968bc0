package io.interpose.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.ovf.OvfEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK reads the ovf-env.xml the platform writes (compute's OvfEnvironment). */
class SvmEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void readsTheIdentityTheCaAndTheMuxAddressFromWhatThePlatformWrites() throws Exception {
        X509Certificate ca = anyCertificate();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("interpose.deployment.id", "dep-1");
        properties.put("interpose.host.id", "host-1");
        properties.put("interpose.svm.token", "s3cret-token");
        properties.put("interpose.ca.certificate", Base64.getEncoder().encodeToString(ca.getEncoded()));
        properties.put("interpose.mux.address", "10.0.0.1:7443");
        properties.put("scan_mode", "a \"quoted\" <mode>\nline two");
        Path file = dir.resolve("ovf-env.xml");
        new OvfEnvironment("svm-1", properties).write(file);

        SvmEnvironment env = SvmEnvironment.read(file, Map.of());

        assertThat(env.deploymentId()).isEqualTo("dep-1");
        assertThat(env.hostId()).isEqualTo("host-1");
        assertThat(env.svmToken()).isEqualTo("s3cret-token");
        assertThat(env.caCertificate()).hasValue(ca);
        assertThat(env.muxAddress()).hasValueSatisfying(a -> assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo("10.0.0.1:7443"));
        assertThat(env.property("scan_mode")).hasValue("a \"quoted\" <mode>\nline two");
        assertThat(env.properties()).isEqualTo(properties);
        assertThat(env.toString()).doesNotContain("s3cret-token");
    }

    @Test
    void theEnvironmentVariableOverridesTheMuxAddressAndTheEndpointKeyIsAFallback() {
        Map<String, String> endpointOnly = Map.of("interpose.mux.endpoint", "mux.local:9000");

        assertThat(SvmEnvironment.of(endpointOnly, Map.of()).muxAddress().orElseThrow().getPort()).isEqualTo(9000);
        assertThat(SvmEnvironment.of(Map.of("interpose.mux.address", "a:1"), Map.of("INTERPOSE_MUX_ADDRESS", "[::1]:7443"))
                .muxAddress().orElseThrow().getHostString()).isEqualTo("::1");
    }

    @Test
    void anEnvironmentWithoutAMuxStillReadsButCannotStartAClient() {
        SvmEnvironment env = SvmEnvironment.of(Map.of("interpose.svm.id", "svm-1"), Map.of());

        assertThat(env.muxAddress()).isEmpty();
        assertThat(env.caCertificate()).isEmpty();
        assertThatThrownBy(() -> GuestIntrospectionClient.start(env, new NoService()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("interpose.mux.address").hasMessageContaining("interpose.svm.token");
    }

    @Test
    void malformedValuesAndDocumentsAreRefused() throws Exception {
        Path doctype = Files.writeString(dir.resolve("y.xml"), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        Path other = Files.writeString(dir.resolve("x.xml"), "<Envelope/>");

        assertThatThrownBy(() -> SvmEnvironment.read(doctype, Map.of())).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> SvmEnvironment.read(other, Map.of())).hasMessageContaining("not an OVF environment");
        assertThatThrownBy(() -> SvmEnvironment.of(Map.of("interpose.mux.address", "no-port"), Map.of())).hasMessageContaining("host:port");
        assertThatThrownBy(() -> SvmEnvironment.of(Map.of("interpose.ca.certificate", "bm90IGEgY2VydA=="), Map.of()))
                .hasMessageContaining("interpose.ca.certificate");
    }

    private static X509Certificate anyCertificate() throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            roots.load(in, null);
        }
        return (X509Certificate) roots.getCertificate(roots.aliases().nextElement());
    }

    private static final class NoService implements GuestIntrospectionService {
        @Override
        public java.util.List<Subscription> subscriptions() {
            return java.util.List.of();
        }

        @Override
        public void onEvent(GuestEvent event, ServiceContext context) {
        }
    }
}
