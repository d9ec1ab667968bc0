package io.interpose.model.serviceinsertion;

import static io.interpose.model.serviceinsertion.Functionality.EPP;
import static io.interpose.model.serviceinsertion.Functionality.MPS;
import static io.interpose.model.serviceinsertion.Functionality.NG_FW;
import static io.interpose.model.serviceinsertion.SampleServices.endpointProtection;
import static io.interpose.model.serviceinsertion.SampleServices.firewall;
import static io.interpose.model.serviceinsertion.SampleServices.firewallSpec;
import static io.interpose.model.serviceinsertion.SampleServices.guestIntrospection;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

    @Test
    void northSouthFirewallIsValid() {
        assertThat(firewall().violations()).isEmpty();
    }

    @Test
    void endpointProtectionNeedsNoAttachmentPointOrTransport() {
        assertThat(endpointProtection().violations()).isEmpty();
    }

    @Test
    void eppWithMpsIsStillGuestIntrospectionOnly() {
        assertThat(guestIntrospection(List.of(EPP, MPS), FailurePolicy.ALLOW).violations()).isEmpty();
    }

    @Test
    void absentFieldsGetTheDocumentedDefaults() {
        ServiceDefinition service = new ServiceDefinition(null, null, null, null, null, null, null, null, null);

        assertThat(service.onFailurePolicy()).isEqualTo(FailurePolicy.ALLOW);
        assertThat(service.serviceCapability()).isEqualTo(new ServiceCapability(false, false));
        assertThat(service.functionalities()).isEmpty();
        assertThat(service.attachmentPoint()).isEmpty();
        assertThat(service.vendorId()).isEmpty();
        assertThat(service.serviceManagerId()).isEmpty();
    }

    @Test
    void everyMissingRequiredFieldIsReportedAtOnce() {
        ServiceDefinition empty = new ServiceDefinition(null, null, null, null, null, null, null, null, null);

        assertThat(empty.violations()).containsExactly(
                new Violation("functionalities", "is required"),
                new Violation("implementations", "is required"),
                new Violation("vendor_id", "is required"),
                new Violation("service_deployment_spec", "is required"));
    }

    @Test
    void problemsAtEveryLevelAreReportedTogether() {
        ServiceDefinition service = new ServiceDefinition(List.of(NG_FW, EPP), List.of(), null, null,
                FailurePolicy.BLOCK, "", null, null, SampleServices.spec(List.of(),
                List.of(SampleServices.svm("a", "ftp://x/y.ovf")), List.of()));

        assertThat(service.violations()).containsExactly(
                new Violation("implementations", "is required"),
                new Violation("attachment_point", "is required"),
                new Violation("transports", "is required"),
                new Violation("vendor_id", "is required"),
                new Violation("service_deployment_spec.deployment_template", "is required"),
                new Violation("service_deployment_spec.deployment_specs[0].ovf_url",
                        "must be an absolute http, https or file URL"));
    }

    @Test
    void functionalitiesNeedAtLeastOne() {
        assertThat(withFunctionalities().violations()).containsExactly(new Violation("functionalities", "is required"));
    }

    @Test
    void aFunctionalityMayNotRepeat() {
        assertThat(withFunctionalities(NG_FW, NG_FW).violations())
                .containsExactly(new Violation("functionalities[1]", "must be unique: same as functionalities[0]"));
    }

    @Test
    void nullElementsOfAnEnumListAreDropped() {
        assertThat(withFunctionalities(null, NG_FW).functionalities()).containsExactly(NG_FW);
    }

    @Test
    void implementationsNeedExactlyOne() {
        ServiceDefinition two = new ServiceDefinition(List.of(NG_FW), List.of(Implementation.NORTH_SOUTH,
                Implementation.EAST_WEST), List.of(AttachmentPoint.TIER0_LR), List.of(Transport.L2_BRIDGE), null,
                "v", null, null, firewallSpec());

        assertThat(two.violations()).containsExactly(new Violation("implementations", "must have exactly 1 item"));
    }

    @Test
    void redirectingServiceNeedsAttachmentPointAndTransport() {
        assertThat(withRedirection(List.of(), List.of()).violations()).containsExactly(
                new Violation("attachment_point", "is required"), new Violation("transports", "is required"));
    }

    @Test
    void mixingEppWithARedirectingFunctionalityNeedsAttachmentPointAndTransport() {
        ServiceDefinition mixed = guestIntrospection(List.of(EPP, Functionality.IDS_IPS), FailurePolicy.ALLOW);

        assertThat(mixed.violations()).containsExactly(
                new Violation("attachment_point", "is required"), new Violation("transports", "is required"));
    }

    @Test
    void atMostTwoAttachmentPoints() {
        List<AttachmentPoint> three = List.of(AttachmentPoint.values());

        assertThat(withRedirection(three, List.of(Transport.NSH)).violations())
                .containsExactly(new Violation("attachment_point", "must have at most 2 items"));
    }

    @Test
    void anAttachmentPointMayNotRepeat() {
        List<AttachmentPoint> twice = List.of(AttachmentPoint.TIER1_LR, AttachmentPoint.TIER1_LR);

        assertThat(withRedirection(twice, List.of(Transport.NSH)).violations()).containsExactly(
                new Violation("attachment_point[1]", "must be unique: same as attachment_point[0]"));
    }

    @Test
    void atMostOneTransport() {
        List<Transport> two = List.of(Transport.L2_BRIDGE, Transport.L3_ROUTED);

        assertThat(withRedirection(List.of(AttachmentPoint.TIER0_LR), two).violations())
                .containsExactly(new Violation("transports", "must have at most 1 items"));
    }

    @Test
    void blockMeansFailClosedForGuestIntrospection() {
        assertThat(guestIntrospection(List.of(EPP, MPS), FailurePolicy.BLOCK).violations()).isEmpty();
    }

    @Test
    void blockIsAllowedForAFirewall() {
        ServiceDefinition blocking = new ServiceDefinition(List.of(NG_FW), List.of(Implementation.NORTH_SOUTH),
                List.of(AttachmentPoint.TIER0_LR), List.of(Transport.L2_BRIDGE), FailurePolicy.BLOCK, "v", null, null,
                firewallSpec());

        assertThat(blocking.violations()).isEmpty();
    }

    @Test
    void vendorIdIsRequired() {
        ServiceDefinition noVendor = new ServiceDefinition(List.of(EPP), List.of(Implementation.EAST_WEST), null,
                null, null, " ", null, null, firewallSpec());

        assertThat(noVendor.violations()).containsExactly(new Violation("vendor_id", "is required"));
    }

    @Test
    void deploymentSpecIsRequired() {
        assertThat(firewall(null).violations())
                .containsExactly(new Violation("service_deployment_spec", "is required"));
    }

    @Test
    void guestIntrospectionMeansOnlyEppOrMps() {
        assertThat(endpointProtection().guestIntrospectionOnly()).isTrue();
        assertThat(guestIntrospection(List.of(MPS), FailurePolicy.ALLOW).guestIntrospectionOnly()).isTrue();
        assertThat(guestIntrospection(List.of(EPP, NG_FW), FailurePolicy.ALLOW).guestIntrospectionOnly()).isFalse();
        assertThat(firewall().guestIntrospectionOnly()).isFalse();
        assertThat(withFunctionalities().guestIntrospectionOnly()).isFalse();
    }

    @Test
    void findsADeploymentSpecByName() {
        assertThat(firewall().deploymentSpec("fw-esx")).map(SvmDeploymentSpec::ovfUrl)
                .contains("https://partner.example/fw/fw.ovf");
        assertThat(firewall().deploymentSpec("other")).isEmpty();
        assertThat(firewall(null).deploymentSpec("fw-esx")).isEmpty();
    }

    @Test
    void aNamelessDeploymentSpecCannotBeFoundByName() {
        ServiceDefinition nameless = firewall(SampleServices.spec(List.of(SampleServices.template("t")),
                List.of(SampleServices.svm(null, "https://p.example/a.ovf")), List.of()));

        assertThat(nameless.deploymentSpec("")).isEmpty();
    }

    @Test
    void findsADeploymentTemplateByName() {
        assertThat(firewall().deploymentTemplate("default")).map(t -> t.attributes().size()).contains(2);
        assertThat(firewall().deploymentTemplate("missing")).isEmpty();
    }

    @Test
    void readOnlyFieldsAreSetByTheServer() {
        ServiceDefinition echoed = new ServiceDefinition(List.of(EPP), List.of(Implementation.EAST_WEST), null, null,
                null, "v", "client-value", new ServiceCapability(true, true), firewallSpec());

        ServiceDefinition stored = echoed.withReadOnlyFields("sm-1");

        assertThat(stored.serviceManagerId()).isEqualTo("sm-1");
        assertThat(stored.serviceCapability()).isEqualTo(new ServiceCapability(true, false));
    }

    private static ServiceDefinition withFunctionalities(Functionality... functionalities) {
        return new ServiceDefinition(Arrays.asList(functionalities), List.of(Implementation.NORTH_SOUTH),
                List.of(AttachmentPoint.TIER0_LR), List.of(Transport.L2_BRIDGE), null, "v", null, null, firewallSpec());
    }

    private static ServiceDefinition withRedirection(List<AttachmentPoint> attachmentPoint, List<Transport> transports) {
        return new ServiceDefinition(List.of(NG_FW), List.of(Implementation.NORTH_SOUTH), attachmentPoint, transports,
                null, "v", null, null, firewallSpec());
    }
}
