package io.interpose.compute.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.interpose.model.Violation;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service definition checked against its OVF: form factors, NICs, template attributes. */
class SvmPackageCheckTest {
    private static final String URL = "file:///packages/sample-epp.ovf";
    private static final NicMetadata MGMT = new NicMetadata("mgmt", 0, InterfaceType.MANAGEMENT, null, null);

    @Test
    void aDefinitionThatMatchesItsPackageHasNoViolations() {
        ServiceDefinition definition = definition(List.of(spec(FormFactor.SMALL), spec(FormFactor.MEDIUM), spec(FormFactor.LARGE)),
                List.of(MGMT), attribute("scan_mode", AttributeType.STRING, "comprehensive"),
                attribute("health_port", AttributeType.PORT, "8080"), attribute("verbose", AttributeType.BOOLEAN, "true"),
                attribute("admin_password", AttributeType.PASSWORD, "s3cret"));

        assertThat(SvmPackageCheck.violations(definition, SampleAppliance.descriptor())).isEmpty();
    }

    @Test
    void aFormFactorThatIsNotADeploymentOptionIsReported() {
        OvfDescriptor withoutLarge = SampleAppliance.parse(SampleAppliance.xml()
                .replace("<Configuration ovf:id=\"large\">", "<Configuration ovf:id=\"huge\">")
                .replace("ovf:configuration=\"large\"", "ovf:configuration=\"huge\""));
        ServiceDefinition definition = definition(List.of(spec(FormFactor.SMALL), spec(FormFactor.LARGE)), List.of(MGMT));

        assertThat(SvmPackageCheck.violations(definition, withoutLarge)).containsExactly(new Violation(
                "service_deployment_spec.deployment_specs[1].service_form_factor",
                "LARGE is not a deployment option of the OVF (form factors match option ids in any case); it declares: small, medium, huge"));
    }

    @Test
    void aPackageWithoutDeploymentOptionsHasNoFormFactor() {
        ServiceDefinition definition = definition(List.of(spec(FormFactor.MEDIUM)), List.of(
                new NicMetadata("NAT", 0, InterfaceType.MANAGEMENT, null, null)));

        assertThat(SvmPackageCheck.violations(definition, Corpus.parse("virtualbox-ubuntu-ovf2.ovf")))
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("service_deployment_spec.deployment_specs[0].service_form_factor",
                        "MEDIUM is not a deployment option of the OVF (form factors match option ids in any case); it declares: (none)"));
    }

    @Test
    void aCollectionIsNotAServiceVmPackage() {
        List<Violation> violations = SvmPackageCheck.violations(definition(List.of(spec(FormFactor.MEDIUM)), List.of()),
                Corpus.parse("williamlam-nested-esxi-vsan-vapp.ovf"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("service_deployment_spec.deployment_specs[0].ovf_url");
            assertThat(v.message()).contains("VirtualSystemCollection of 3 virtual systems");
        });
    }

    @Test
    void nicMetadataMustNameTheOvfNetworksAndTheirNics() {
        ServiceDefinition unknownLabel = definition(List.of(spec(FormFactor.MEDIUM)),
                List.of(new NicMetadata("data", 0, InterfaceType.MANAGEMENT, null, null)));
        ServiceDefinition wrongIndex = definition(List.of(spec(FormFactor.MEDIUM)),
                List.of(new NicMetadata("mgmt", 1, InterfaceType.MANAGEMENT, null, null)));
        ServiceDefinition none = definition(List.of(spec(FormFactor.MEDIUM)), List.of());

        assertThat(SvmPackageCheck.violations(unknownLabel, SampleAppliance.descriptor())).containsExactly(
                new Violation("service_deployment_spec.nic_metadata_list[0].interface_label",
                        "'data' is not a network of the OVF's NetworkSection; it declares: mgmt"),
                new Violation("service_deployment_spec.nic_metadata_list",
                        "the OVF network 'mgmt' has no NIC metadata (each network of the OVF's NetworkSection needs one)"));
        assertThat(SvmPackageCheck.violations(wrongIndex, SampleAppliance.descriptor())).containsExactly(
                new Violation("service_deployment_spec.nic_metadata_list[0].interface_index",
                        "the OVF's virtual system has 1 NICs under deployment option 'medium'; there is no NIC 1"));
        assertThat(SvmPackageCheck.violations(none, SampleAppliance.descriptor())).extracting(Violation::field)
                .containsExactly("service_deployment_spec.nic_metadata_list");
    }

    @Test
    void aNicIndexMustConnectToTheLabelledNetworkUnderEveryFormFactor() {
        OvfDescriptor iosv = Corpus.parse("cisco-iosv.ovf");
        List<NicMetadata> nics = new ArrayList<>();
        for (int i = 0; i < iosv.networks().size(); i++) {
            nics.add(new NicMetadata(iosv.networks().get(i).name(), i, i == 0 ? InterfaceType.MANAGEMENT : InterfaceType.DATA1, null, null));
        }
        ServiceDefinition definition = definition(List.of(spec(FormFactor.MEDIUM)), nics);

        List<Violation> violations = SvmPackageCheck.violations(definition, iosv);

        // IOSv's options are named by CPU/RAM/NIC count, so MEDIUM is missing and the default hardware (2 NICs) applies.
        assertThat(violations).filteredOn(v -> v.field().endsWith("interface_index")).hasSize(14)
                .first().isEqualTo(new Violation("service_deployment_spec.nic_metadata_list[2].interface_index",
                        "the OVF's virtual system has 2 NICs; there is no NIC 2"));
    }

    @Test
    void templateAttributesMustBeDeclaredPropertiesOfACompatibleType() {
        ServiceDefinition definition = definition(List.of(spec(FormFactor.MEDIUM)), List.of(MGMT),
                attribute("license", AttributeType.STRING, "x"),
                attribute("health_port", AttributeType.IP_ADDRESS, ""),
                attribute("verbose", AttributeType.LONG, "1"),
                attribute("admin_password", AttributeType.STRING, "oops"));

        assertThat(SvmPackageCheck.violations(definition, SampleAppliance.descriptor())).containsExactly(
                new Violation("service_deployment_spec.deployment_template[0].attributes[0].key",
                        "'license' is not a property declared in the OVF's ProductSections; it declares: scan_mode, health_port, verbose, admin_password"),
                new Violation("service_deployment_spec.deployment_template[0].attributes[1].attribute_type",
                        "IP_ADDRESS does not fit the OVF property type uint16"),
                new Violation("service_deployment_spec.deployment_template[0].attributes[2].attribute_type",
                        "LONG does not fit the OVF property type boolean"),
                new Violation("service_deployment_spec.deployment_template[0].attributes[3].attribute_type",
                        "the OVF declares 'admin_password' a password: attribute_type must be PASSWORD"));
    }

    @Test
    void anIntegerValueMustFitThePropertyRange() {
        OvfDescriptor narrow = SampleAppliance.parse(SampleAppliance.xml().replace("ovf:type=\"uint16\"", "ovf:type=\"uint8\""));
        ServiceDefinition definition = definition(List.of(spec(FormFactor.MEDIUM)), List.of(MGMT),
                attribute("health_port", AttributeType.LONG, "300"));

        assertThat(SvmPackageCheck.violations(definition, narrow)).containsExactly(
                new Violation("service_deployment_spec.deployment_template[0].attributes[0].value",
                        "must be between 0 and 255 for the OVF property type uint8"));
        assertThat(PropertyTypes.incompatibility(AttributeType.PORT, "uint8")).isPresent();
        assertThat(PropertyTypes.incompatibility(AttributeType.PORT, "int")).isEmpty();
        assertThat(PropertyTypes.valueProblem("-5", "sint8")).isEmpty();
    }

    @Test
    void anOvfWithoutPropertiesAcceptsAnyAttributeAndEnvironmentKeysAreAccepted() {
        ServiceDefinition anyAttribute = definition(List.of(spec(FormFactor.MEDIUM)), List.of(
                new NicMetadata("NAT", 0, InterfaceType.MANAGEMENT, null, null)), attribute("anything", AttributeType.STRING, "x"));
        ServiceDefinition byEnvironmentKey = definition(List.of(new SvmDeploymentSpec("s", URL, HostType.ESXI, FormFactor.SMALL, null)),
                List.of(), attribute("com.cisco.csr1000v.hostname.1", AttributeType.STRING, "r1"));

        assertThat(SvmPackageCheck.violations(anyAttribute, Corpus.parse("virtualbox-ubuntu-ovf2.ovf")))
                .noneMatch(v -> v.field().contains("deployment_template"));
        assertThat(SvmPackageCheck.violations(byEnvironmentKey, Corpus.parse("cisco-csr1000v.ovf")))
                .noneMatch(v -> v.field().contains("deployment_template"));
    }

    @Test
    void eachSpecIsCheckedAgainstThePackageOfItsUrl() {
        SvmDeploymentSpec other = new SvmDeploymentSpec("other", "https://example.org/other.ova", HostType.ESXI, FormFactor.SMALL, null);
        ServiceDefinition definition = definition(List.of(spec(FormFactor.SMALL), other), List.of(MGMT));

        assertThat(SvmPackageCheck.violations(definition, Map.of(URL, SampleAppliance.descriptor()))).containsExactly(
                new Violation("service_deployment_spec.deployment_specs[1].ovf_url", "the OVF package was not loaded"));
    }

    private static SvmDeploymentSpec spec(FormFactor formFactor) {
        return new SvmDeploymentSpec(formFactor.name().toLowerCase(), URL, HostType.ESXI, formFactor, null);
    }

    private static Attribute attribute(String key, AttributeType type, String value) {
        return new Attribute(key, value, null, type, false);
    }

    private static ServiceDefinition definition(List<SvmDeploymentSpec> specs, List<NicMetadata> nics, Attribute... attributes) {
        ServiceDeploymentSpec spec = new ServiceDeploymentSpec(
                List.of(new DeploymentTemplate("default", List.of(attributes))), specs, nics, null);
        return new ServiceDefinition(List.of(Functionality.EPP), List.of(Implementation.EAST_WEST), null, null, null,
                "vendor", null, null, spec);
    }
}
