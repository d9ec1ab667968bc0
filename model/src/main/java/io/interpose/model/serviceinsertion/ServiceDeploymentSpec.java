package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.util.List;

/**
 * Everything needed to deploy and configure a service's VMs (NSX {@code ServiceDeploymentSpec}):
 * deployment templates (at least one), deployment specs (at most {@value #MAX_DEPLOYMENT_SPECS}), the
 * NICs to configure, and the service VM version ({@value #DEFAULT_SVM_VERSION} when absent; changing it
 * signals that an upgrade is available). Template names, spec names, NIC labels and NIC indexes are each
 * unique.
 */
public record ServiceDeploymentSpec(List<DeploymentTemplate> deploymentTemplate, List<SvmDeploymentSpec> deploymentSpecs,
                                    List<NicMetadata> nicMetadataList, String svmVersion) {
    public static final int MAX_DEPLOYMENT_SPECS = 128;
    public static final String DEFAULT_SVM_VERSION = "1.0";

    public ServiceDeploymentSpec {
        deploymentTemplate = Normalized.list(deploymentTemplate, DeploymentTemplate::blank);
        deploymentSpecs = Normalized.list(deploymentSpecs, SvmDeploymentSpec::blank);
        nicMetadataList = Normalized.list(nicMetadataList, NicMetadata::blank);
        svmVersion = svmVersion == null ? DEFAULT_SVM_VERSION : svmVersion;
    }

    /** Adds a violation for every problem in this spec and the objects it holds. */
    public void check(String field, Violations violations) {
        checkTemplates(field + ".deployment_template", violations);
        checkSpecs(field + ".deployment_specs", violations);
        checkNics(field + ".nic_metadata_list", violations);
        violations.check(!svmVersion.isBlank(), field + ".svm_version", "must not be blank");
    }

    private void checkTemplates(String field, Violations violations) {
        violations.required(deploymentTemplate, field);
        for (int i = 0; i < deploymentTemplate.size(); i++) {
            deploymentTemplate.get(i).check(Unique.path(field, i, ""), violations);
        }
        Unique.check(deploymentTemplate, DeploymentTemplate::name, field, "name", violations);
    }

    private void checkSpecs(String field, Violations violations) {
        violations.maxSize(deploymentSpecs, MAX_DEPLOYMENT_SPECS, field);
        for (int i = 0; i < deploymentSpecs.size(); i++) {
            deploymentSpecs.get(i).check(Unique.path(field, i, ""), violations);
        }
        Unique.check(deploymentSpecs, SvmDeploymentSpec::name, field, "name", violations);
    }

    private void checkNics(String field, Violations violations) {
        for (int i = 0; i < nicMetadataList.size(); i++) {
            nicMetadataList.get(i).check(Unique.path(field, i, ""), violations);
        }
        Unique.check(nicMetadataList, NicMetadata::interfaceIndex, field, "interface_index", violations);
        Unique.check(nicMetadataList, NicMetadata::interfaceLabel, field, "interface_label", violations);
    }
}
