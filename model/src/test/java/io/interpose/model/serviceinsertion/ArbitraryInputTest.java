package io.interpose.model.serviceinsertion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.WithNull;

/** Whatever a client sends, the records build and report problems instead of throwing. */
class ArbitraryInputTest {

    @Property
    void anyServiceDefinitionBuildsAndReportsInsteadOfThrowing(
            @ForAll List<@WithNull Functionality> functionalities, @ForAll List<@WithNull Implementation> implementations,
            @ForAll @WithNull FailurePolicy failurePolicy, @ForAll @WithNull String vendorId,
            @ForAll @WithNull String ovfUrl, @ForAll @WithNull String minHostVersion, @ForAll @WithNull String svmVersion,
            @ForAll @WithNull Integer interfaceIndex, @ForAll @WithNull InterfaceType interfaceType,
            @ForAll @WithNull Boolean userConfigurable) {
        ServiceDeploymentSpec spec = new ServiceDeploymentSpec(null,
                List.of(new SvmDeploymentSpec(ovfUrl, ovfUrl, null, null, minHostVersion)),
                List.of(new NicMetadata(vendorId, interfaceIndex, interfaceType, userConfigurable, null)), svmVersion);
        ServiceDefinition service = new ServiceDefinition(functionalities, implementations, null, null, failurePolicy,
                vendorId, null, null, spec);

        assertThat(service.violations()).extracting(v -> v.field()).contains("service_deployment_spec.deployment_template");
    }

    @Property
    void anyAttributeValueIsEitherAcceptedOrReportedAtItsPath(@ForAll AttributeType type, @ForAll String value) {
        VendorTemplate template = new VendorTemplate(null, Functionality.NG_FW, null,
                List.of(new Attribute("k", value, null, type, false)));

        boolean reported = template.violations().stream().anyMatch(v -> v.field().equals("attributes[0].value"));

        assertThat(reported).isEqualTo(!value.isEmpty() && !type.accepts(value));
    }
}
