package io.interpose.partners.sampleepp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.ovf.EnvironmentKeys;
import io.interpose.compute.ovf.OvfEnvironment;
import io.interpose.sdk.SvmEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance reads what Interpose writes (through the SDK), and never prints secrets. */
class EnvironmentFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheEnvironmentInterposeWrites() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EnvironmentKeys.SVM_ID, "svm-1");
        properties.put("scan_mode", "a \"quoted\" <mode>\nline two");
        Path file = dir.resolve("ovf-env.xml");
        new OvfEnvironment("svm-1", properties).write(file);

        assertThat(SvmEnvironment.read(file, Map.of()).properties()).isEqualTo(properties);
    }

    @Test
    void refusesAnythingElse() throws IOException {
        Path envelope = Files.writeString(dir.resolve("x.xml"), "<Envelope/>");
        Path doctype = Files.writeString(dir.resolve("y.xml"), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");

        assertThatThrownBy(() -> SvmEnvironment.read(envelope, Map.of())).hasMessageContaining("not an OVF environment");
        assertThatThrownBy(() -> SvmEnvironment.read(doctype, Map.of())).hasMessageContaining("DOCTYPE");
    }

    @Test
    void secretsAreRecognisedByTheirKeys() {
        assertThat(SampleEpp.isSecret("admin_password")).isTrue();
        assertThat(SampleEpp.isSecret(EnvironmentKeys.SVM_TOKEN)).isTrue();
        assertThat(SampleEpp.isSecret("scan_mode")).isFalse();
    }

    @Test
    void withoutAMuxAddressTheApplianceRunsWithoutGuestIntrospection() throws IOException {
        Path file = dir.resolve("ovf-env.xml");
        new OvfEnvironment("svm-1", Map.of(EnvironmentKeys.SVM_ID, "svm-1")).write(file);

        assertThat(SampleEpp.connect(SvmEnvironment.read(file, Map.of()))).isEmpty();
    }

    @Test
    void theEnvironmentPathComesFromTheArguments() {
        assertThat(SampleEpp.environmentPath(new String[] {"--env", "/tmp/ovf-env.xml"})).hasValue(Path.of("/tmp/ovf-env.xml"));
    }
}
