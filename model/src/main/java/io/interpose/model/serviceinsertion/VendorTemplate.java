package io.interpose.model.serviceinsertion;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.List;

/**
 * A protection level a partner offers for one of its services (NSX {@code VendorTemplate}, e.g. Gold,
 * Silver, Platinum). {@code vendor_template_key} is passed to the service VM at runtime to select the
 * protection; absent, it is empty and the manager sets it to the template's display name (see
 * {@link #withKeyDefaultedTo}). {@code functionality} is required and must be one of the service's
 * ({@link #violations(ServiceDefinition)}). {@code redirection_action} defaults to PUNT; it does not
 * apply to guest introspection (EPP, MPS) and is accepted but ignored there. {@code attributes} (at most
 * {@value DeploymentTemplate#MAX_ATTRIBUTES}, unique keys) are refused on a guest-introspection template.
 */
public record VendorTemplate(String vendorTemplateKey, Functionality functionality, RedirectionAction redirectionAction,
                             List<Attribute> attributes) implements Validated {

    public VendorTemplate {
        vendorTemplateKey = Normalized.text(vendorTemplateKey);
        redirectionAction = redirectionAction == null ? RedirectionAction.PUNT : redirectionAction;
        attributes = Normalized.list(attributes, Attribute::blank);
    }

    /** This template, with {@code displayName} as its key if it has none. */
    public VendorTemplate withKeyDefaultedTo(String displayName) {
        return vendorTemplateKey.isBlank()
                ? new VendorTemplate(displayName, functionality, redirectionAction, attributes)
                : this;
    }

    /** Problems with the template on its own. */
    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        check(violations);
        return violations.list();
    }

    /** Problems with the template as a template of {@code service}: its own, and a functionality the service lacks. */
    public List<Violation> violations(ServiceDefinition service) {
        Violations violations = new Violations();
        check(violations);
        violations.check(functionality == null || service.functionalities().contains(functionality), "functionality",
                "must be one of the service's functionalities " + service.functionalities());
        return violations.list();
    }

    private void check(Violations violations) {
        violations.required(functionality, "functionality");
        DeploymentTemplate.checkAttributes(attributes, "attributes", violations);
        violations.check(functionality == null || !functionality.isGuestIntrospection() || attributes.isEmpty(),
                "attributes", "are not supported for " + functionality + " (guest introspection) templates");
    }
}
