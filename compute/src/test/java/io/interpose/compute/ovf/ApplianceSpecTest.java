package io.interpose.compute.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The io.interpose.appliance ProductSection: command, placeholders, readiness, memory per form factor. */
class ApplianceSpecTest {
    private static final Path PACKAGE = Path.of("/var/lab/svm-1/package");
    private static final Path ENV = Path.of("/var/lab/svm-1/ovf-env.xml");

    @Test
    void theExampleApplianceResolvesItsCommandForAFormFactor() {
        ApplianceSpec spec = ApplianceSpec.of(SampleAppliance.descriptor());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(spec.commandTemplate()).containsExactly("{java}", "-Xmx{memory}m", "-jar", "{file:app}", "--env", "{env}");
        assertThat(spec.command(PACKAGE, ENV, "large")).containsExactly(java, "-Xmx512m", "-jar",
                "/var/lab/svm-1/package/sample-epp.jar", "--env", "/var/lab/svm-1/ovf-env.xml");
        assertThat(spec.readiness()).isEqualTo(new ApplianceSpec.OutputLine("READY"));
    }

    @Test
    void memoryIsGivenPerDeploymentOptionWithTheDefaultForAnEmptyId() {
        ApplianceSpec spec = ApplianceSpec.of(SampleAppliance.descriptor());

        assertThat(spec.memoryMiB("small")).isEqualTo(128);
        assertThat(spec.memoryMiB("medium")).isEqualTo(256);
        assertThat(spec.memoryMiB("large")).isEqualTo(512);
        assertThat(spec.memoryMiB("")).isEqualTo(256);
        assertThatThrownBy(() -> spec.memoryMiB("huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'huge' is not a deployment option");
    }

    @Test
    void quotedTokensKeepTheirSpacesAndReadinessMayBeAMarkerFile() {
        ApplianceSpec spec = ApplianceSpec.of(SampleAppliance.parse(withAppliance(
                "\"{java}\" -Dname=\"a b\" -jar {file:app} \"quoted \\\" arg\" x{memory}y", "file:state/ready")));

        assertThat(spec.commandTemplate()).containsExactly("{java}", "-Dname=a b", "-jar", "{file:app}", "quoted \" arg", "x{memory}y");
        assertThat(spec.command(PACKAGE, ENV, "small")).endsWith("x128y");
        assertThat(spec.readiness()).isEqualTo(new ApplianceSpec.MarkerFile("state/ready"));
    }

    @Test
    void badAppliancesAreRefusedNamingTheProblem() {
        refused(withAppliance("{java} -jar {file:missing}", ""), "{file:missing}, which is not a placeholder");
        refused(withAppliance("{java} {home}", ""), "{home}, which is not a placeholder");
        refused(withAppliance("{java} -jar {file:app", ""), "unmatched brace");
        refused(withAppliance("\"{java}", ""), "unterminated quote");
        refused(withAppliance("", ""), "needs a property 'command' with a value");
        refused(withAppliance("{java}", "file:../escape"), "'ready' must be 'line:TEXT' or 'file:RELATIVE-PATH'");
        refused(SampleAppliance.xml().replace("io.interpose.appliance", "com.example"), "exactly one ProductSection with ovf:class");
        refused(SampleAppliance.xml().replace("<rasd:ResourceType>4</rasd:ResourceType>", "<rasd:ResourceType>5</rasd:ResourceType>"),
                "declares no memory (ResourceType 4 item) for deployment option 'small'");
        assertThatThrownBy(() -> ApplianceSpec.of(Corpus.parse("vmware-studio-vapp-eula.ovf")))
                .hasMessageContaining("VirtualSystemCollection");
    }

    @Test
    void aDescriptorWithoutDeploymentOptionsHasOneMemorySize() {
        String xml = SampleAppliance.xml().replaceAll("(?s)<DeploymentOptionSection>.*</DeploymentOptionSection>", "")
                .replace("<Item ovf:configuration=\"medium\">", "<Item>");

        ApplianceSpec spec = ApplianceSpec.of(SampleAppliance.parse(xml));

        assertThat(spec.memoryMiBByConfiguration()).containsOnlyKeys("");
        assertThat(spec.memoryMiB("")).isEqualTo(256);
        assertThat(spec.command(PACKAGE, ENV, "")).contains("-Xmx256m");
    }

    private static String withAppliance(String command, String ready) {
        return SampleAppliance.xml()
                .replace("{java} -Xmx{memory}m -jar {file:app} --env {env}", command.replace("\"", "&quot;"))
                .replace("line:READY", ready);
    }

    private static void refused(String xml, String message) {
        assertThatThrownBy(() -> ApplianceSpec.of(SampleAppliance.parse(xml))).isInstanceOf(OvfException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theFileOfAnIdResolvesInsideThePackage() {
        ApplianceSpec spec = ApplianceSpec.of(SampleAppliance.descriptor());

        assertThat(spec.fileHrefs()).containsEntry("app", "sample-epp.jar");
        assertThat(List.copyOf(spec.command(PACKAGE, ENV, ""))).contains("/var/lab/svm-1/package/sample-epp.jar");
    }
}
