package io.interpose.model.serviceinsertion;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;

/**
 * "Deploy this service, with this deployment spec (form factor and package), onto this cluster, with
 * these networks and attributes" (NSX {@code ServiceDeployment}). One service VM runs on every host of
 * the cluster ({@code HOSTLOCAL}, the only deployment type supported). Cross-checks against the
 * service definition (the spec exists, every NIC is configured, attributes may be overridden) are made
 * by {@link #violations(ServiceDefinition)}; the manager checks the cluster and networks exist.
 */
public record ServiceDeployment(String deploymentSpecName, DeploymentTemplate instanceDeploymentTemplate,
        ServiceDeploymentConfig serviceDeploymentConfig, DeploymentType deploymentType, Perimeter perimeter,
        DeploymentMode deploymentMode, String serviceId) implements Validated {

    public ServiceDeployment {
        deploymentSpecName = Normalized.text(deploymentSpecName);
        deploymentType = deploymentType == null ? DeploymentType.HOSTLOCAL : deploymentType;
        perimeter = perimeter == null ? Perimeter.CLUSTER : perimeter;
        deploymentMode = deploymentMode == null ? DeploymentMode.STAND_ALONE : deploymentMode;
        serviceId = Normalized.text(serviceId);
    }

    public enum DeploymentType { HOSTLOCAL, CLUSTERED }

    public enum Perimeter { CLUSTER, HOST }

    public enum DeploymentMode { STAND_ALONE, ACTIVE_STANDBY }

    /** The same deployment with the read-only service id set. */
    public ServiceDeployment withServiceId(String id) {
        return new ServiceDeployment(deploymentSpecName, instanceDeploymentTemplate, serviceDeploymentConfig, deploymentType,
                perimeter, deploymentMode, id);
    }

    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        violations.required(deploymentSpecName, "deployment_spec_name");
        violations.required(instanceDeploymentTemplate, "instance_deployment_template");
        if (instanceDeploymentTemplate != null) {
            instanceDeploymentTemplate.check("instance_deployment_template", violations);
        }
        violations.required(serviceDeploymentConfig, "service_deployment_config");
        if (serviceDeploymentConfig != null) {
            serviceDeploymentConfig.check("service_deployment_config", violations);
        }
        violations.check(deploymentType == DeploymentType.HOSTLOCAL, "deployment_type",
                "only HOSTLOCAL (one service VM per host) is supported");
        violations.check(deploymentMode == DeploymentMode.STAND_ALONE, "deployment_mode", "only STAND_ALONE is supported");
        return violations.list();
    }

    /** The checks against the service: the spec exists, NICs are configured, overridden attributes may be. */
    public List<Violation> violations(ServiceDefinition service) {
        Violations violations = new Violations().addAll(violations());
        violations.check(deploymentSpecName.isEmpty() || service.deploymentSpec(deploymentSpecName).isPresent(),
                "deployment_spec_name", "the service has no deployment spec named '" + deploymentSpecName + "'");
        if (serviceDeploymentConfig != null) {
            serviceDeploymentConfig.checkNics(service.serviceDeploymentSpec().nicMetadataList(), violations);
        }
        if (instanceDeploymentTemplate != null) {
            checkAttributes(service, violations);
        }
        return violations.list();
    }

    private void checkAttributes(ServiceDefinition service, Violations violations) {
        List<DeploymentTemplate> templates = service.serviceDeploymentSpec().deploymentTemplate();
        DeploymentTemplate base = service.deploymentTemplate(instanceDeploymentTemplate.name())
                .orElse(templates.isEmpty() ? null : templates.get(0));
        for (int i = 0; i < instanceDeploymentTemplate.attributes().size(); i++) {
            Attribute given = instanceDeploymentTemplate.attributes().get(i);
            String field = "instance_deployment_template.attributes[" + i + "].key";
            var declared = base == null ? java.util.Optional.<Attribute>empty() : base.attribute(given.key());
            violations.check(declared.isPresent(), field, "the service's deployment template has no attribute '" + given.key() + "'");
            violations.check(declared.map(a -> !a.readOnly()).orElse(true), field, "attribute '" + given.key() + "' is read-only");
        }
    }
}
