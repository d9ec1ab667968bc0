package io.interpose.manager.testing;

import java.util.List;
import java.util.Map;

/** Request bodies the API tests share. */
public final class Bodies {
    private Bodies() {}

    /** A valid endpoint-protection (EPP) service definition of {@code vendor}. */
    public static Map<String, Object> eppService(String name, String vendor) {
        return Map.of("display_name", name, "functionalities", List.of("EPP"), "implementations", List.of("EAST_WEST"),
                "vendor_id", vendor, "service_deployment_spec", Map.of(
                        "deployment_template", List.of(Map.of("name", "default",
                                "attributes", List.of(Map.of("key", "license", "attribute_type", "STRING")))),
                        "deployment_specs", List.of(Map.of("name", "standard", "ovf_url", TestAppliance.url(),
                                "host_type", "ESXI", "service_form_factor", "MEDIUM")),
                        "nic_metadata_list", List.of(Map.of("interface_label", "mgmt", "interface_index", 0, "interface_type", "MANAGEMENT")),
                        "svm_version", "1.0"));
    }

    public static Map<String, Object> template(String name, String key) {
        return Map.of("display_name", name, "vendor_template_key", key, "functionality", "EPP");
    }

    /** A group of VMs whose {@code key} (Name, Tag, OSName, ComputerName) {@code operator} {@code value}. */
    public static Map<String, Object> group(String key, String operator, String value) {
        return Map.of("expression", List.of(condition(key, operator, value)));
    }

    public static Map<String, Object> condition(String key, String operator, String value) {
        return Map.of("resource_type", "Condition", "member_type", "VirtualMachine", "key", key, "operator", operator, "value", value);
    }

    public static Map<String, Object> rule(int sequence, List<String> groups, String profilePath) {
        return Map.of("sequence_number", sequence, "groups", groups, "service_profiles", List.of(profilePath));
    }
}
