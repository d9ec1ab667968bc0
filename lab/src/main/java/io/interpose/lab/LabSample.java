package io.interpose.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./interpose lab} does for a new user: registers the sample EPP service (the appliance this
 * repository builds in {@code partners/sample-epp}) with two protection levels, deploys it to the lab
 * cluster, and protects every lab VM with it (production VMs, tagged {@code env|prod}, at the
 * Comprehensive level, all others at Basic), through the public API like any partner and administrator
 * would. Does nothing if the sample is already registered or its package has not been built.
 */
public final class LabSample {
    public static final String NAME = "Interpose Sample EPP";
    private static final String POLICY = "sample-epp";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The public API, as the lab's user reaches it: sends JSON, returns the body, throws on an error status. */
    @FunctionalInterface
    public interface Api {
        String send(String method, String path, String jsonBody) throws IOException;
    }

    private LabSample() {}

    /** The built sample package, if the build produced it (relative to the repository root). */
    public static Path defaultPackage() {
        String home = System.getProperty("interpose.home", ".");
        return Path.of(home, "partners", "sample-epp", "target", "appliance", "sample-epp.ova").toAbsolutePath();
    }

    /** Registers and deploys the sample; returns a line saying what happened. */
    public static String ensureDeployed(Api client, Path ova) throws IOException {
        if (!Files.exists(ova)) {
            return "sample service not deployed: " + ova + " is missing (run mvn package)";
        }
        JsonNode services = MAPPER.readTree(client.send("GET", "/api/v1/serviceinsertion/services", null));
        for (JsonNode service : services.path("results")) {
            if (NAME.equals(service.path("display_name").asText())) {
                if (!protecting(client)) {
                    protectEveryVm(client);
                    return "sample service already registered (" + service.path("id").asText() + "); now protecting every VM";
                }
                return "sample service already registered (" + service.path("id").asText() + ")";
            }
        }
        String id = MAPPER.readTree(client.send("POST", "/api/v1/serviceinsertion/services", json(definition(ova))))
                .path("id").asText();
        for (String level : List.of("Basic", "Comprehensive")) {
            client.send("POST", "/api/v1/serviceinsertion/services/" + id + "/vendor-templates", json(Map.of(
                    "display_name", level, "vendor_template_key", level.toUpperCase(), "functionality", "EPP")));
        }
        client.send("POST", "/api/v1/serviceinsertion/services/" + id + "/service-deployments", json(deployment()));
        protectEveryVm(client);
        return "sample service registered (" + id + "), deploying to cluster-1 (one service VM per host), protecting every VM";
    }

    private static String json(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    /** True if the sample's endpoint policy exists (a lab from before it was added has none). */
    private static boolean protecting(Api client) throws IOException {
        JsonNode policies = MAPPER.readTree(client.send("GET", "/policy/api/v1/infra/domains/default/endpoint-policies", null));
        for (JsonNode policy : policies.path("results")) {
            if (POLICY.equals(policy.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void protectEveryVm(Api client) throws IOException {
        String reference = "/policy/api/v1/infra/service-references/sample-epp";
        client.send("PUT", reference, json(Map.of("partner_service_name", NAME)));
        for (String level : List.of("Basic", "Comprehensive")) {
            client.send("PUT", reference + "/service-profiles/" + level.toLowerCase(), json(Map.of(
                    "display_name", "Sample EPP " + level, "vendor_template_key", level.toUpperCase())));
        }
        String groups = "/policy/api/v1/infra/domains/default/groups/";
        client.send("PUT", groups + "production", json(Map.of("expression", List.of(prodCondition("EQUALS")))));
        client.send("PUT", groups + "not-production", json(Map.of("expression", List.of(prodCondition("NOTEQUALS")))));
        String policy = "/policy/api/v1/infra/domains/default/endpoint-policies/" + POLICY;
        client.send("PUT", policy, json(Map.of("sequence_number", 10)));
        client.send("PUT", policy + "/endpoint-rules/production", json(rule(0, "production", "comprehensive")));
        client.send("PUT", policy + "/endpoint-rules/everything-else", json(rule(1, "not-production", "basic")));
    }

    private static Map<String, Object> prodCondition(String operator) {
        return Map.of("resource_type", "Condition", "member_type", "VirtualMachine", "key", "Tag", "operator", operator,
                "value", "env|prod");
    }

    private static Map<String, Object> rule(int sequence, String group, String profile) {
        return Map.of("sequence_number", sequence, "groups", List.of("/infra/domains/default/groups/" + group),
                "service_profiles", List.of("/infra/service-references/sample-epp/service-profiles/" + profile));
    }

    private static Map<String, Object> definition(Path ova) {
        return Map.of("display_name", NAME, "description", "The sample endpoint-protection service built by this repository",
                "functionalities", List.of("EPP"), "implementations", List.of("EAST_WEST"), "vendor_id", "interpose-samples",
                "service_deployment_spec", Map.of(
                        "deployment_template", List.of(Map.of("name", "default", "attributes", List.of(
                                Map.of("key", "scan_mode", "value", "normal", "attribute_type", "STRING"),
                                Map.of("key", "verbose", "value", "false", "attribute_type", "BOOLEAN")))),
                        "deployment_specs", List.of(Map.of("name", "standard", "ovf_url", ova.toUri().toString(),
                                "host_type", "ESXI", "service_form_factor", "SMALL")),
                        "nic_metadata_list", List.of(Map.of("interface_label", "mgmt", "interface_index", 0, "interface_type", "MANAGEMENT")),
                        "svm_version", "1.0"));
    }

    private static Map<String, Object> deployment() {
        return Map.of("display_name", "sample-epp-cluster-1", "deployment_spec_name", "standard",
                "instance_deployment_template", Map.of("name", "default", "attributes", List.of()),
                "service_deployment_config", Map.of("compute_manager_id", "lab", "compute_collection_id", "cluster-1",
                        "vm_nic_info", Map.of("nic_infos", List.of(Map.of("nic_metadata", Map.of("interface_label", "mgmt"),
                                "network_id", "mgmt", "ip_allocation_type", "STATIC", "ip_pool_id", "mgmt-pool")))));
    }
}
