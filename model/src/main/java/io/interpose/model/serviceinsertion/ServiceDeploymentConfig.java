package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a deployment goes: the compute manager and cluster ({@code compute_collection_id}), and the
 * configuration of each service VM NIC the definition declares ({@code vm_nic_info.nic_infos}).
 */
public record ServiceDeploymentConfig(String computeManagerId, String computeCollectionId, String storageId, String hostId,
        VmNicInfo vmNicInfo) {

    public ServiceDeploymentConfig {
        computeManagerId = Normalized.text(computeManagerId);
        computeCollectionId = Normalized.text(computeCollectionId);
        storageId = Normalized.text(storageId);
        hostId = Normalized.text(hostId);
        vmNicInfo = vmNicInfo == null ? new VmNicInfo(List.of()) : vmNicInfo;
    }

    /** The NIC configurations (NSX wraps them in {@code vm_nic_info}). */
    public record VmNicInfo(List<NicInfo> nicInfos) {
        public VmNicInfo {
            nicInfos = Normalized.list(nicInfos, () -> new NicInfo(null, null, null, null, null, null, null));
        }
    }

    void check(String field, Violations violations) {
        violations.required(computeManagerId, field + ".compute_manager_id");
        violations.required(computeCollectionId, field + ".compute_collection_id");
        List<NicInfo> nics = vmNicInfo.nicInfos();
        for (int i = 0; i < nics.size(); i++) {
            nics.get(i).check(field + ".vm_nic_info.nic_infos[" + i + "]", violations);
        }
    }

    /** Every NIC the definition declares is configured exactly once, and nothing else is. */
    void checkNics(List<NicMetadata> declared, Violations violations) {
        String field = "service_deployment_config.vm_nic_info.nic_infos";
        Set<String> labels = new HashSet<>();
        declared.forEach(n -> labels.add(n.interfaceLabel()));
        Set<String> configured = new HashSet<>();
        List<NicInfo> nics = vmNicInfo.nicInfos();
        for (int i = 0; i < nics.size(); i++) {
            String label = nics.get(i).interfaceLabel();
            violations.check(label.isEmpty() || labels.contains(label), field + "[" + i + "].nic_metadata.interface_label",
                    "the service declares no NIC labelled '" + label + "'; declared: " + labels);
            violations.check(label.isEmpty() || configured.add(label), field + "[" + i + "].nic_metadata.interface_label",
                    "NIC '" + label + "' is configured twice");
        }
        for (NicMetadata nic : declared) {
            violations.check(configured.contains(nic.interfaceLabel()), field,
                    "NIC '" + nic.interfaceLabel() + "' (" + nic.interfaceType() + ") needs a network: add a nic_info for it");
        }
    }
}
