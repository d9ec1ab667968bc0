package io.interpose.model.serviceinsertion;

import static io.interpose.model.serviceinsertion.AttributeType.PORT;
import static io.interpose.model.serviceinsertion.AttributeType.STRING;

import java.util.List;

/** Valid service definitions to start from; a test changes one thing and looks for one violation. */
final class SampleServices {
    private SampleServices() {
    }

    /** A north-south next-generation firewall on tier-0, bridged, with a management and a data NIC. */
    static ServiceDefinition firewall() {
        return firewall(firewallSpec());
    }

    static ServiceDefinition firewall(ServiceDeploymentSpec spec) {
        return new ServiceDefinition(List.of(Functionality.NG_FW), List.of(Implementation.NORTH_SOUTH),
                List.of(AttachmentPoint.TIER0_LR), List.of(Transport.L2_BRIDGE), null, "vendor-fw", null, null, spec);
    }

    static ServiceDeploymentSpec firewallSpec() {
        return spec(List.of(template("default", new Attribute("license", "ABC-123", "License key", STRING, false),
                        new Attribute("console_port", "8443", "Console port", PORT, true))),
                List.of(svm("fw-esx", "https://partner.example/fw/fw.ovf")),
                List.of(nic("eth0", 0, InterfaceType.MANAGEMENT), nic("eth1", 1, InterfaceType.DATA1)));
    }

    /** An endpoint protection (guest introspection) service: no attachment point, no transport. */
    static ServiceDefinition endpointProtection() {
        return guestIntrospection(List.of(Functionality.EPP), FailurePolicy.ALLOW);
    }

    static ServiceDefinition guestIntrospection(List<Functionality> functionalities, FailurePolicy failurePolicy) {
        return new ServiceDefinition(functionalities, List.of(Implementation.EAST_WEST), null, null, failurePolicy,
                "vendor-av", null, null, spec(List.of(template("gi-template")),
                List.of(svm("GISpec", "file:///var/lib/interpose/ovf/av.ovf")),
                List.of(nic("eth0", 0, InterfaceType.MANAGEMENT))));
    }

    static ServiceDeploymentSpec spec(List<DeploymentTemplate> templates, List<SvmDeploymentSpec> specs,
                                      List<NicMetadata> nics) {
        return new ServiceDeploymentSpec(templates, specs, nics, null);
    }

    static DeploymentTemplate template(String name, Attribute... attributes) {
        return new DeploymentTemplate(name, List.of(attributes));
    }

    static SvmDeploymentSpec svm(String name, String ovfUrl) {
        return new SvmDeploymentSpec(name, ovfUrl, HostType.ESXI, null, null);
    }

    static NicMetadata nic(String label, Integer index, InterfaceType type) {
        return new NicMetadata(label, index, type, null, null);
    }

    static Attribute attribute(String key, AttributeType type, String value) {
        return new Attribute(key, value, null, type, false);
    }
}
