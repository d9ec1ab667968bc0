package io.interpose.model.serviceinsertion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records map to the NSX field names through Jackson's SNAKE_CASE strategy alone, as the manager
 * will configure it: an NSX-style body reads in, and what is written has exactly the NSX names.
 */
class JsonMappingTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private static final String FIREWALL = """
            {
              "functionalities": ["NG_FW"],
              "implementations": ["NORTH_SOUTH"],
              "attachment_point": ["TIER0_LR"],
              "transports": ["L2_BRIDGE"],
              "on_failure_policy": "BLOCK",
              "vendor_id": "vendor-fw",
              "service_manager_id": "",
              "service_capability": {"nsh_liveness_support_enabled": true, "can_decrement_si": false},
              "service_deployment_spec": {
                "deployment_template": [{"name": "default", "attributes": [
                  {"key": "console_port", "value": "8443", "display_name": "Console port",
                   "attribute_type": "PORT", "read_only": true}]}],
                "deployment_specs": [{"name": "fw-esx", "ovf_url": "https://partner.example/fw.ovf",
                  "host_type": "ESXI", "service_form_factor": "LARGE", "min_host_version": "7.0"}],
                "nic_metadata_list": [{"interface_label": "eth0", "interface_index": 0,
                  "interface_type": "MANAGEMENT", "user_configurable": true, "transports": ["L2_BRIDGE"]}],
                "svm_version": "2.1"
              }
            }
            """;

    @Test
    void readsAnNsxStyleServiceDefinition() throws Exception {
        ServiceDefinition service = JSON.readValue(FIREWALL, ServiceDefinition.class);

        assertThat(service.violations()).isEmpty();
        assertThat(service.onFailurePolicy()).isEqualTo(FailurePolicy.BLOCK);
        assertThat(service.serviceCapability().nshLivenessSupportEnabled()).isTrue();
        assertThat(service.deploymentSpec("fw-esx")).map(SvmDeploymentSpec::serviceFormFactor).contains(FormFactor.LARGE);
        assertThat(service.deploymentTemplate("default").flatMap(t -> t.attribute("console_port")))
                .map(Attribute::readOnly).contains(true);
        assertThat(service.serviceDeploymentSpec().nicMetadataList().get(0).transports())
                .containsExactly(Transport.L2_BRIDGE);
    }

    @Test
    void writesExactlyTheNsxFieldNames() throws Exception {
        JsonNode written = JSON.valueToTree(JSON.readValue(FIREWALL, ServiceDefinition.class));

        assertThat(fieldNames(written)).isEqualTo(fieldNames(JSON.readTree(FIREWALL)));
    }

    @Test
    void roundTripsWithoutLoss() throws Exception {
        ServiceDefinition service = JSON.readValue(FIREWALL, ServiceDefinition.class);

        assertThat(JSON.readValue(JSON.writeValueAsString(service), ServiceDefinition.class)).isEqualTo(service);
    }

    @Test
    void absentFieldsReadAsTheirDefaults() throws Exception {
        ServiceDefinition service = JSON.readValue("""
                {"functionalities": ["EPP"], "implementations": ["EAST_WEST"], "vendor_id": "v",
                 "service_deployment_spec": {"deployment_template": [{"name": "t", "attributes": [{"key": "k"}]}],
                   "deployment_specs": [{"name": "GISpec", "ovf_url": "file:///ovf/av.ovf", "host_type": "ESXI"}],
                   "nic_metadata_list": [{"interface_label": "eth0", "interface_index": 0, "interface_type": "MANAGEMENT"}]}}
                """, ServiceDefinition.class);
        ServiceDeploymentSpec spec = service.serviceDeploymentSpec();

        assertThat(service.violations()).isEmpty();
        assertThat(service.onFailurePolicy()).isEqualTo(FailurePolicy.ALLOW);
        assertThat(spec.svmVersion()).isEqualTo("1.0");
        assertThat(spec.deploymentSpecs().get(0).serviceFormFactor()).isEqualTo(FormFactor.MEDIUM);
        assertThat(spec.deploymentSpecs().get(0).minHostVersion()).isEqualTo("6.5");
        assertThat(spec.nicMetadataList().get(0).userConfigurable()).isTrue();
        assertThat(spec.deploymentTemplate().get(0).attributes().get(0).readOnly()).isFalse();
    }

    @Test
    void vendorTemplateUsesTheNsxFieldNames() throws Exception {
        String body = """
                {"vendor_template_key": "gold", "functionality": "NG_FW", "redirection_action": "COPY",
                 "attributes": [{"key": "k", "value": "v", "display_name": "K", "attribute_type": "STRING",
                 "read_only": false}]}""";

        JsonNode written = JSON.valueToTree(JSON.readValue(body, VendorTemplate.class));

        assertThat(written).isEqualTo(JSON.readTree(body));
    }

    /** Every field path in the document, with array elements folded into one "[]" segment. */
    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        collect(node, "", names);
        return names.stream().sorted().toList();
    }

    private static void collect(JsonNode node, String prefix, List<String> names) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, prefix + "[]", names));
        }
        node.properties().forEach(field -> {
            names.add(prefix + "." + field.getKey());
            collect(field.getValue(), prefix + "." + field.getKey(), names);
        });
    }
}
