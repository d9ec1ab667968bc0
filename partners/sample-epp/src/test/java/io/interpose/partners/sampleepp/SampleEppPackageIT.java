package io.interpose.partners.sampleepp;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.ovf.ApplianceSpec;
import io.interpose.compute.ovf.EnvironmentKeys;
import io.interpose.compute.ovf.OvfEnvironment;
import io.interpose.compute.ovf.OvfLimits;
import io.interpose.compute.ovf.OvfPackage;
import io.interpose.compute.ovf.OvfPackageLoader;
import io.interpose.compute.ovf.SvmPackageCheck;
import io.interpose.model.serviceinsertion.Attribute;
import io.interpose.model.serviceinsertion.AttributeType;
import io.interpose.model.serviceinsertion.DeploymentTemplate;
import io.interpose.model.serviceinsertion.FormFactor;
import io.interpose.model.serviceinsertion.Functionality;
import io.interpose.model.serviceinsertion.HostType;
import io.interpose.model.serviceinsertion.Implementation;
import io.interpose.model.serviceinsertion.InterfaceType;
import io.interpose.model.serviceinsertion.NicMetadata;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.ServiceDeploymentSpec;
import io.interpose.model.serviceinsertion.SvmDeploymentSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OVA built by this module's package phase: it loads, verifies, matches a service definition, and runs. */
class SampleEppPackageIT {
    private static final Path OVA = Path.of("target", "appliance", "sample-epp.ova");

    @TempDir
    Path temp;

    @Test
    void theBuiltOvaLoadsWithAStrongManifestAndDescribesTheAppliance() {
        OvfPackage pkg = load();

        pkg.requireStrongManifest();
        assertThat(pkg.manifest().orElseThrow().entries()).extracting(e -> e.file()).containsExactly("sample-epp.ovf", "sample-epp.jar");
        assertThat(pkg.descriptor().deploymentOptions()).extracting(o -> o.id()).containsExactly("SMALL", "MEDIUM", "LARGE");
        ApplianceSpec spec = ApplianceSpec.of(pkg.descriptor());
        assertThat(List.of(spec.memoryMiB("SMALL"), spec.memoryMiB("MEDIUM"), spec.memoryMiB("LARGE"))).containsExactly(128L, 256L, 512L);
        assertThat(spec.command(pkg.directory(), temp.resolve("ovf-env.xml"), "SMALL"))
                .contains("-Xmx128m", pkg.file("app").toString(), temp.resolve("ovf-env.xml").toAbsolutePath().toString());
        assertThat(SvmPackageCheck.violations(definition(), pkg.descriptor())).isEmpty();
    }

    @Test
    void theApplianceStartsReportsReadyServesHealthAndHidesItsPassword() throws Exception {
        OvfPackage pkg = load();
        ApplianceSpec spec = ApplianceSpec.of(pkg.descriptor());
        int port = freePort();
        Path env = temp.resolve("ovf-env.xml");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EnvironmentKeys.SVM_ID, "svm-host-1");
        properties.put("health_port", Integer.toString(port));
        properties.put("admin_password", "hunter2-secret");
        new OvfEnvironment("svm-host-1", properties).write(env);

        Process process = new ProcessBuilder(spec.command(pkg.directory(), env, "SMALL"))
                .directory(pkg.directory().toFile()).redirectErrorStream(true).start();
        try {
            List<String> output = readUntil(process, "READY");

            assertThat(output).contains("READY").anySatisfy(line -> assertThat(line).contains("svm-host-1"))
                    .noneSatisfy(line -> assertThat(line).contains("hunter2-secret"));
            assertThat(pkg.directory().resolve("ready")).exists();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("UP\n");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the appliance stops when killed").isTrue();
        }
    }

    private OvfPackage load() {
        return new OvfPackageLoader(OvfLimits.defaults()).load(OVA.toAbsolutePath().toUri(), temp.resolve("package"));
    }

    /** The process's output lines up to and including {@code marker}; fails after 60 s or at exit. */
    private static List<String> readUntil(Process process, String marker) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        }, "sample-epp-output");
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        for (String line = lines.poll(60, TimeUnit.SECONDS); line != null; line = lines.poll(60, TimeUnit.SECONDS)) {
            seen.add(line);
            if (line.equals(marker)) {
                return seen;
            }
        }
        throw new AssertionError("no " + marker + " line; output was: " + seen);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ServiceDefinition definition() {
        List<SvmDeploymentSpec> specs = Arrays.stream(FormFactor.values())
                .map(f -> new SvmDeploymentSpec(f.name(), OVA.toUri().toString(), HostType.ESXI, f, null)).toList();
        DeploymentTemplate template = new DeploymentTemplate("default", List.of(
                new Attribute("scan_mode", "comprehensive", "Scan mode", AttributeType.STRING, false),
                new Attribute("health_port", "9090", "Health port", AttributeType.PORT, false),
                new Attribute("admin_password", "", "Password", AttributeType.PASSWORD, false)));
        return new ServiceDefinition(List.of(Functionality.EPP), List.of(Implementation.EAST_WEST), null, null, null,
                "interpose", null, null, new ServiceDeploymentSpec(List.of(template), specs,
                List.of(new NicMetadata("mgmt", 0, InterfaceType.MANAGEMENT, null, null)), null));
    }
}
