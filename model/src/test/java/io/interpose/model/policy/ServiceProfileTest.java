package io.interpose.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServiceProfileTest {
    @Test
    void keyWinsOverName() {
        assertThat(new ServiceProfile("Gold", "gold-v2", null).selectsByKey()).isTrue();
        assertThat(new ServiceProfile("Gold", null, null).selectsByKey()).isFalse();
    }

    @Test
    void requiresNameOrKey() {
        assertThat(new ServiceProfile(" ", null, null).violations()).containsExactly(
                new Violation("vendor_template_key", "vendor_template_key or vendor_template_name is required"));
    }

    @Test
    void overridesBecomeAMapInOrder() {
        ServiceProfile profile = new ServiceProfile("Gold", null,
                List.of(new AttributeOverride("scan", "deep"), new AttributeOverride("level", null)));

        assertThat(profile.violations()).isEmpty();
        assertThat(profile.attributeMap()).containsExactly(
                Map.entry("scan", "deep"), Map.entry("level", ""));
    }

    @Test
    void reportsBadOverrides() {
        ServiceProfile profile = new ServiceProfile("Gold", null, Arrays.asList(
                new AttributeOverride("scan", "a"), new AttributeOverride("scan", "b"), null, new AttributeOverride("", "x")));

        assertThat(profile.violations()).extracting(Violation::field)
                .containsExactly("attributes[1].key", "attributes[2]", "attributes[3].key");
    }

    @Test
    void limitsOverridesTo128() {
        List<AttributeOverride> many = IntStream.range(0, 129).mapToObj(i -> new AttributeOverride("k" + i, "v")).toList();

        assertThat(new ServiceProfile("Gold", null, many).violations())
                .containsExactly(new Violation("attributes", "must have at most 128 items"));
    }

    @Test
    void serviceReferenceRequiresThePartnerServiceName() {
        assertThat(new ServiceReference(null).violations())
                .containsExactly(new Violation("partner_service_name", "is required"));
        assertThat(new ServiceReference("Acme AV").violations()).isEmpty();
    }

    @Test
    void policySequenceNumberIsBounded() {
        assertThat(new EndpointPolicy(0).violations()).isEmpty();
        assertThat(new EndpointPolicy(499).violations()).isEmpty();
        assertThat(new EndpointPolicy(500).violations()).extracting(Violation::field).containsExactly("sequence_number");
    }
}
