package io.interpose.model.serviceinsertion;

import static io.interpose.model.serviceinsertion.InterfaceType.DATA1;
import static io.interpose.model.serviceinsertion.InterfaceType.MANAGEMENT;
import static io.interpose.model.serviceinsertion.SampleServices.attribute;
import static io.interpose.model.serviceinsertion.SampleServices.firewall;
import static io.interpose.model.serviceinsertion.SampleServices.nic;
import static io.interpose.model.serviceinsertion.SampleServices.spec;
import static io.interpose.model.serviceinsertion.SampleServices.svm;
import static io.interpose.model.serviceinsertion.SampleServices.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.model.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deployment spec family, checked through a service definition so that the full JSON path shows. */
class ServiceDeploymentSpecTest {
    private static final String SPEC = "service_deployment_spec";
    private static final String OVF = "https://partner.example/a.ovf";

    @Test
    void absentFieldsGetTheDocumentedDefaults() {
        ServiceDeploymentSpec spec = new ServiceDeploymentSpec(null, null, null, null);
        SvmDeploymentSpec svm = new SvmDeploymentSpec(null, null, null, null, null);
        Attribute attribute = new Attribute("k", null, null, null, false);

        assertThat(spec.svmVersion()).isEqualTo("1.0");
        assertThat(spec.deploymentTemplate()).isEmpty();
        assertThat(svm.serviceFormFactor()).isEqualTo(FormFactor.MEDIUM);
        assertThat(svm.minHostVersion()).isEqualTo("6.5");
        assertThat(attribute.readOnly()).isFalse();
        assertThat(attribute.attributeType()).isEqualTo(AttributeType.STRING);
        assertThat(attribute.value()).isEmpty();
    }

    @Test
    void aManagementNicIsUserConfigurableByDefaultAndOtherNicsAreNot() {
        assertThat(nic("eth0", 0, MANAGEMENT).userConfigurable()).isTrue();
        assertThat(nic("eth1", 1, DATA1).userConfigurable()).isFalse();
        assertThat(nic("eth1", 1, null).userConfigurable()).isFalse();
    }

    @Test
    void deploymentTemplateIsRequired() {
        assertThat(violations(spec(List.of(), List.of(svm("a", OVF)), List.of())))
                .containsExactly(new Violation(SPEC + ".deployment_template", "is required"));
    }

    @Test
    void atMost128DeploymentSpecs() {
        List<SvmDeploymentSpec> specs = IntStream.range(0, 129).mapToObj(i -> svm("s" + i, OVF)).toList();

        assertThat(violations(spec(List.of(template("t")), specs, List.of())))
                .containsExactly(new Violation(SPEC + ".deployment_specs", "must have at most 128 items"));
    }

    @Test
    void ovfUrlIsRequired() {
        assertThat(violations(withSvm(svm("a", "")))).containsExactly(
                new Violation(SPEC + ".deployment_specs[0].ovf_url", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.ovf", "/opt/a.ovf", "ftp://partner.example/a.ovf", "https:///a.ovf", "file:a.ovf",
            "file:///", "http://exa mple/a.ovf", "mailto:a@b"})
    void ovfUrlMustBeAnAbsoluteHttpHttpsOrFileUrl(String url) {
        assertThat(violations(withSvm(svm("a", url)))).containsExactly(new Violation(
                SPEC + ".deployment_specs[0].ovf_url", "must be an absolute http, https or file URL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://partner.example/a.ovf", "http://10.0.0.5:8080/svm/a.ovf", "HTTPS://P.EXAMPLE/a.ovf",
            "file:///var/lib/interpose/a.ovf", "file:/opt/a.ovf", "http://[2001:db8::1]/a.ovf"})
    void httpHttpsAndFileOvfUrlsAreAccepted(String url) {
        assertThat(violations(withSvm(svm("a", url)))).isEmpty();
    }

    @Test
    void hostTypeIsRequired() {
        assertThat(violations(withSvm(new SvmDeploymentSpec("a", OVF, null, FormFactor.LARGE, "7.0"))))
                .containsExactly(new Violation(SPEC + ".deployment_specs[0].host_type", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "seven", "6.", ".5", "6..5", "6.5U1"})
    void minHostVersionMustBeADottedVersion(String version) {
        assertThat(violations(withSvm(new SvmDeploymentSpec("a", OVF, HostType.ESXI, null, version)))).containsExactly(
                new Violation(SPEC + ".deployment_specs[0].min_host_version", "must be a dotted version number such as 6.5"));
    }

    @Test
    void deploymentSpecNamesAreUnique() {
        ServiceDeploymentSpec spec = spec(List.of(template("t")), List.of(svm("a", OVF), svm("b", OVF), svm("a", OVF)),
                List.of());

        assertThat(violations(spec)).containsExactly(new Violation(SPEC + ".deployment_specs[2].name",
                "must be unique: same as " + SPEC + ".deployment_specs[0].name"));
    }

    @Test
    void namelessDeploymentSpecsDoNotClash() {
        assertThat(violations(spec(List.of(template("t")), List.of(svm(null, OVF), svm("", OVF)), List.of()))).isEmpty();
    }

    @Test
    void aNullDeploymentSpecIsReportedAtItsIndex() {
        ServiceDeploymentSpec spec = spec(List.of(template("t")), Arrays.asList(svm("a", OVF), null), List.of());

        assertThat(violations(spec)).containsExactly(
                new Violation(SPEC + ".deployment_specs[1].ovf_url", "is required"),
                new Violation(SPEC + ".deployment_specs[1].host_type", "is required"));
    }

    @Test
    void svmVersionMustNotBeBlank() {
        ServiceDeploymentSpec spec = new ServiceDeploymentSpec(List.of(template("t")), List.of(), List.of(), " ");

        assertThat(violations(spec)).containsExactly(new Violation(SPEC + ".svm_version", "must not be blank"));
    }

    @Test
    void nicRequiredFieldsAreReported() {
        assertThat(violations(withNics(nic("", null, null)))).containsExactly(
                new Violation(SPEC + ".nic_metadata_list[0].interface_label", "is required"),
                new Violation(SPEC + ".nic_metadata_list[0].interface_index", "is required"),
                new Violation(SPEC + ".nic_metadata_list[0].interface_type", "is required"));
    }

    @Test
    void interfaceIndexIsAtLeastZero() {
        assertThat(violations(withNics(nic("eth0", -1, MANAGEMENT)))).containsExactly(
                new Violation(SPEC + ".nic_metadata_list[0].interface_index", "must be at least 0"));
    }

    @Test
    void aManagementNicIsAlwaysUserConfigurable() {
        NicMetadata fixedManagement = new NicMetadata("eth0", 0, MANAGEMENT, false, null);

        assertThat(violations(withNics(fixedManagement))).containsExactly(new Violation(
                SPEC + ".nic_metadata_list[0].user_configurable", "must be true for a MANAGEMENT interface"));
    }

    @Test
    void aNicHasAtMostThreeDistinctTransports() {
        List<Transport> four = List.of(Transport.L2_BRIDGE, Transport.L3_ROUTED, Transport.NSH, Transport.L2_BRIDGE);

        assertThat(violations(withNics(new NicMetadata("eth1", 1, DATA1, true, four)))).containsExactly(
                new Violation(SPEC + ".nic_metadata_list[0].transports", "must have at most 3 items"),
                new Violation(SPEC + ".nic_metadata_list[0].transports[3]",
                        "must be unique: same as " + SPEC + ".nic_metadata_list[0].transports[0]"));
    }

    @Test
    void interfaceIndexesAndLabelsAreUnique() {
        assertThat(violations(withNics(nic("eth0", 0, MANAGEMENT), nic("eth1", 0, DATA1), nic("eth0", 2, DATA1))))
                .containsExactly(
                        new Violation(SPEC + ".nic_metadata_list[1].interface_index",
                                "must be unique: same as " + SPEC + ".nic_metadata_list[0].interface_index"),
                        new Violation(SPEC + ".nic_metadata_list[2].interface_label",
                                "must be unique: same as " + SPEC + ".nic_metadata_list[0].interface_label"));
    }

    @Test
    void deploymentTemplateNamesAreUnique() {
        ServiceDeploymentSpec spec = spec(List.of(template("t"), template("t")), List.of(), List.of());

        assertThat(violations(spec)).containsExactly(new Violation(SPEC + ".deployment_template[1].name",
                "must be unique: same as " + SPEC + ".deployment_template[0].name"));
    }

    @Test
    void atMost128AttributesPerTemplate() {
        Attribute[] attributes = IntStream.range(0, 129).mapToObj(i -> attribute("k" + i, null, "v"))
                .toArray(Attribute[]::new);

        assertThat(violations(withTemplate(template("t", attributes)))).containsExactly(
                new Violation(SPEC + ".deployment_template[0].attributes", "must have at most 128 items"));
    }

    @Test
    void attributeKeysAreRequiredAndUniqueWithinATemplate() {
        DeploymentTemplate template = template("t", attribute("a", null, "1"), attribute("", null, "2"),
                attribute("a", null, "3"));

        assertThat(violations(withTemplate(template))).containsExactly(
                new Violation(SPEC + ".deployment_template[0].attributes[1].key", "is required"),
                new Violation(SPEC + ".deployment_template[0].attributes[2].key",
                        "must be unique: same as " + SPEC + ".deployment_template[0].attributes[0].key"));
    }

    @Test
    void sameAttributeKeyInTwoTemplatesIsFine() {
        ServiceDeploymentSpec spec = spec(List.of(template("gold", attribute("a", null, "1")),
                template("silver", attribute("a", null, "2"))), List.of(), List.of());

        assertThat(violations(spec)).isEmpty();
    }

    @Test
    void attributeValuesMustFitTheirType() {
        DeploymentTemplate template = template("t",
                attribute("ip", AttributeType.IP_ADDRESS, "10.0.0.300"),
                attribute("port", AttributeType.PORT, "0"),
                attribute("count", AttributeType.LONG, "12.5"),
                attribute("debug", AttributeType.BOOLEAN, "yes"),
                attribute("secret", AttributeType.PASSWORD, "anything: goes"),
                attribute("unset_port", AttributeType.PORT, ""));
        String attributes = SPEC + ".deployment_template[0].attributes";

        assertThat(violations(withTemplate(template))).containsExactly(
                new Violation(attributes + "[0].value", "must be an IPv4 or IPv6 address"),
                new Violation(attributes + "[1].value", "must be a port number from 1 to 65535"),
                new Violation(attributes + "[2].value", "must be a whole number between -2^63 and 2^63-1"),
                new Violation(attributes + "[3].value", "must be true or false"));
    }

    @Test
    void templateFindsAnAttributeByKey() {
        DeploymentTemplate template = template("t", attribute("port", AttributeType.PORT, "443"));

        assertThat(template.attribute("port")).map(Attribute::value).contains("443");
        assertThat(template.attribute("other")).isEmpty();
    }

    @Test
    void recordsCopyTheirListsAndDoNotLetThemChange() {
        List<NicMetadata> nics = new ArrayList<>(List.of(nic("eth0", 0, MANAGEMENT)));
        ServiceDeploymentSpec spec = spec(List.of(template("t")), List.of(), nics);
        nics.clear();

        assertThat(spec.nicMetadataList()).hasSize(1);
        assertThatThrownBy(() -> spec.nicMetadataList().add(nic("eth1", 1, DATA1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<Violation> violations(ServiceDeploymentSpec spec) {
        return firewall(spec).violations();
    }

    private static ServiceDeploymentSpec withSvm(SvmDeploymentSpec svm) {
        return spec(List.of(template("t")), List.of(svm), List.of());
    }

    private static ServiceDeploymentSpec withNics(NicMetadata... nics) {
        return spec(List.of(template("t")), List.of(), List.of(nics));
    }

    private static ServiceDeploymentSpec withTemplate(DeploymentTemplate template) {
        return spec(List.of(template), List.of(), List.of());
    }
}
