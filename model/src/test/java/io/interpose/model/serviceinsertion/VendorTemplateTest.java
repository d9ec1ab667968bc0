package io.interpose.model.serviceinsertion;

import static io.interpose.model.serviceinsertion.Functionality.EPP;
import static io.interpose.model.serviceinsertion.Functionality.IDS_IPS;
import static io.interpose.model.serviceinsertion.Functionality.NG_FW;
import static io.interpose.model.serviceinsertion.SampleServices.attribute;
import static io.interpose.model.serviceinsertion.SampleServices.endpointProtection;
import static io.interpose.model.serviceinsertion.SampleServices.firewall;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VendorTemplateTest {

    @Test
    void firewallTemplateWithAttributesIsValidForItsService() {
        VendorTemplate gold = new VendorTemplate("gold", NG_FW, RedirectionAction.COPY,
                List.of(attribute("inspection", AttributeType.STRING, "deep")));

        assertThat(gold.violations(firewall())).isEmpty();
    }

    @Test
    void endpointProtectionTemplateIsValidForItsService() {
        assertThat(new VendorTemplate("Comprehensive", EPP, null, null).violations(endpointProtection())).isEmpty();
    }

    @Test
    void absentFieldsGetTheDocumentedDefaults() {
        VendorTemplate template = new VendorTemplate(null, EPP, null, null);

        assertThat(template.vendorTemplateKey()).isEmpty();
        assertThat(template.redirectionAction()).isEqualTo(RedirectionAction.PUNT);
        assertThat(template.attributes()).isEmpty();
    }

    @Test
    void aMissingKeyDefaultsToTheDisplayName() {
        assertThat(new VendorTemplate("", EPP, null, null).withKeyDefaultedTo("Gold").vendorTemplateKey())
                .isEqualTo("Gold");
        assertThat(new VendorTemplate("gold-v2", EPP, null, null).withKeyDefaultedTo("Gold").vendorTemplateKey())
                .isEqualTo("gold-v2");
    }

    @Test
    void functionalityIsRequired() {
        VendorTemplate template = new VendorTemplate("k", null, null, null);

        assertThat(template.violations()).containsExactly(new Violation("functionality", "is required"));
        assertThat(template.violations(firewall())).containsExactly(new Violation("functionality", "is required"));
    }

    @Test
    void functionalityMustBeOneTheServiceOffers() {
        VendorTemplate template = new VendorTemplate("k", IDS_IPS, null, null);

        assertThat(template.violations()).isEmpty();
        assertThat(template.violations(firewall())).containsExactly(
                new Violation("functionality", "must be one of the service's functionalities [NG_FW]"));
    }

    @Test
    void guestIntrospectionTemplateRefusesAttributes() {
        VendorTemplate template = new VendorTemplate("k", EPP, null, List.of(attribute("a", null, "1")));

        assertThat(template.violations()).containsExactly(
                new Violation("attributes", "are not supported for EPP (guest introspection) templates"));
    }

    @Test
    void guestIntrospectionTemplateAcceptsButIgnoresRedirectionAction() {
        VendorTemplate template = new VendorTemplate("k", EPP, RedirectionAction.COPY, null);

        assertThat(template.violations(endpointProtection())).isEmpty();
    }

    @Test
    void atMost128Attributes() {
        List<Attribute> attributes = IntStream.range(0, 129).mapToObj(i -> attribute("k" + i, null, "v")).toList();

        assertThat(new VendorTemplate("k", NG_FW, null, attributes).violations())
                .containsExactly(new Violation("attributes", "must have at most 128 items"));
    }

    @Test
    void attributesAreCheckedLikeDeploymentTemplateAttributes() {
        VendorTemplate template = new VendorTemplate("k", NG_FW, null, List.of(attribute("port", AttributeType.PORT,
                "70000"), attribute("port", AttributeType.PORT, "80")));

        assertThat(template.violations()).containsExactly(
                new Violation("attributes[0].value", "must be a port number from 1 to 65535"),
                new Violation("attributes[1].key", "must be unique: same as attributes[0].key"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        VendorTemplate template = new VendorTemplate("k", EPP, null, List.of(attribute("", AttributeType.BOOLEAN, "1")));

        assertThat(template.violations(firewall())).containsExactly(
                new Violation("attributes[0].key", "is required"),
                new Violation("attributes[0].value", "must be true or false"),
                new Violation("attributes", "are not supported for EPP (guest introspection) templates"),
                new Violation("functionality", "must be one of the service's functionalities [NG_FW]"));
    }
}
