package io.interpose.model.serviceinsertion;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;
import java.util.Optional;

/**
 * A partner's registered service (NSX {@code ServiceDefinition}, {@code /api/v1/serviceinsertion/services}):
 * what it does, where it attaches, how its service VM is deployed. Holds the resource's own fields only;
 * {@code id}, {@code display_name}, {@code tags}, {@code _revision} and the other system fields belong to
 * the manager.
 *
 * <p>The constructor never throws: absent lists become empty, {@code on_failure_policy} defaults to ALLOW,
 * an absent {@code service_capability} means nothing enabled. {@link #violations()} lists every problem.
 * {@code attachment_point} and {@code transports} are required unless every functionality is EPP or MPS
 * (guest introspection). For guest introspection BLOCK means fail closed: a guest operation that waits for
 * this service is denied while the service is down or late. {@code service_deployment_spec} is required here
 * (NSX makes it optional for partner-managed appliances; Interpose deploys every service VM itself) and
 * stays null only in a definition that {@link #violations()} rejects. {@code service_manager_id} is
 * read-only: see {@link #withReadOnlyFields}.
 */
public record ServiceDefinition(List<Functionality> functionalities, List<Implementation> implementations,
                                List<AttachmentPoint> attachmentPoint, List<Transport> transports,
                                FailurePolicy onFailurePolicy, String vendorId, String serviceManagerId,
                                ServiceCapability serviceCapability, ServiceDeploymentSpec serviceDeploymentSpec)
        implements Validated {
    public static final int MAX_ATTACHMENT_POINTS = 2;
    public static final int MAX_TRANSPORTS = 1;

    public ServiceDefinition {
        functionalities = Normalized.list(functionalities);
        implementations = Normalized.list(implementations);
        attachmentPoint = Normalized.list(attachmentPoint);
        transports = Normalized.list(transports);
        onFailurePolicy = onFailurePolicy == null ? FailurePolicy.ALLOW : onFailurePolicy;
        vendorId = Normalized.text(vendorId);
        serviceManagerId = Normalized.text(serviceManagerId);
        serviceCapability = serviceCapability == null ? ServiceCapability.NONE : serviceCapability;
    }

    /**
     * True when the service is guest introspection only: it has functionalities and all are EPP or MPS.
     * (Not named {@code isGuestIntrospection}: Jackson would write an {@code is} method as a JSON field.)
     */
    public boolean guestIntrospectionOnly() {
        return !functionalities.isEmpty() && functionalities.stream().allMatch(Functionality::isGuestIntrospection);
    }

    /** The deployment spec with this name; empty for a blank name or when there is no such spec. */
    public Optional<SvmDeploymentSpec> deploymentSpec(String name) {
        return deploymentSpec().flatMap(spec -> spec.deploymentSpecs().stream()
                .filter(s -> !s.name().isBlank() && s.name().equals(name)).findFirst());
    }

    /** The deployment template with this name; empty for a blank name or when there is no such template. */
    public Optional<DeploymentTemplate> deploymentTemplate(String name) {
        return deploymentSpec().flatMap(spec -> spec.deploymentTemplate().stream()
                .filter(t -> !t.name().isBlank() && t.name().equals(name)).findFirst());
    }

    /**
     * This definition with its read-only fields set by the server: {@code service_manager_id} as given
     * and {@code service_capability.can_decrement_si} false. The manager calls it on every write, so a
     * client cannot set them (and may echo them back unchanged on PUT).
     */
    public ServiceDefinition withReadOnlyFields(String serviceManagerId) {
        return new ServiceDefinition(functionalities, implementations, attachmentPoint, transports, onFailurePolicy,
                vendorId, serviceManagerId, serviceCapability.withReadOnlyFieldsReset(), serviceDeploymentSpec);
    }

    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        checkFunctionalities(violations);
        checkImplementations(violations);
        checkRedirection(violations);
        violations.required(vendorId, "vendor_id");
        checkDeploymentSpec(violations);
        return violations.list();
    }

    private Optional<ServiceDeploymentSpec> deploymentSpec() {
        return Optional.ofNullable(serviceDeploymentSpec);
    }

    private void checkFunctionalities(Violations violations) {
        violations.required(functionalities, "functionalities");
        Unique.check(functionalities, "functionalities", violations);
    }

    private void checkImplementations(Violations violations) {
        violations.required(implementations, "implementations");
        violations.check(implementations.size() <= 1, "implementations", "must have exactly 1 item");
    }

    /** Traffic-redirecting functionalities (anything but EPP and MPS) need an attachment point and a transport. */
    private void checkRedirection(Violations violations) {
        if (functionalities.stream().anyMatch(f -> !f.isGuestIntrospection())) {
            violations.required(attachmentPoint, "attachment_point");
            violations.required(transports, "transports");
        }
        violations.maxSize(attachmentPoint, MAX_ATTACHMENT_POINTS, "attachment_point");
        Unique.check(attachmentPoint, "attachment_point", violations);
        violations.maxSize(transports, MAX_TRANSPORTS, "transports");
    }

    private void checkDeploymentSpec(Violations violations) {
        violations.required(serviceDeploymentSpec, "service_deployment_spec");
        deploymentSpec().ifPresent(spec -> spec.check("service_deployment_spec", violations));
    }
}
