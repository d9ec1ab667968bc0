package io.interpose.compute.ovf;

import io.interpose.model.Violation;
import io.interpose.model.serviceinsertion.Attribute;
import io.interpose.model.serviceinsertion.AttributeType;
import io.interpose.model.serviceinsertion.DeploymentTemplate;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.ServiceDeploymentSpec;
import io.interpose.model.serviceinsertion.SvmDeploymentSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a service definition against the OVF package of each of its deployment specs, as registration
 * does. The rules:
 * <ul>
 * <li>The package describes one {@code VirtualSystem} (a collection is refused at the spec's {@code ovf_url}).
 * <li>Every spec's {@code service_form_factor} is a deployment option: SMALL, MEDIUM and LARGE match the
 * option ids {@code small}, {@code medium}, {@code large} in any case; labels are not considered.
 * <li>NIC metadata and OVF networks correspond one to one: every {@code interface_label} is the
 * {@code ovf:name} of a {@code NetworkSection} network (exact match) and every network has NIC metadata.
 * Under each spec's deployment option, the VM's NICs, numbered from 0 in document order, must include
 * {@code interface_index}, and that NIC must connect to the labelled network.
 * <li>Deployment template attributes must match the OVF's declared properties, when it declares any
 * (outside the {@value ApplianceSpec#PRODUCT_CLASS} section): the key is a property's {@code ovf:key}
 * or its environment key {@code class.key.instance}; the attribute type fits the property type (see
 * {@link PropertyTypes}); a value fits an integer property's range; a property marked
 * {@code ovf:password} needs attribute type PASSWORD (so the API never echoes it).
 * </ul>
 * Qualifiers such as {@code MaxLen} or {@code ValueMap} are not checked. Field paths are the definition's
 * JSON paths, for example {@code service_deployment_spec.deployment_specs[0].service_form_factor}.
 */
public final class SvmPackageCheck {
    private static final String SPEC = "service_deployment_spec";

    private SvmPackageCheck() {
    }

    /** Checks every deployment spec against one package (the usual case: all specs share one OVF). */
    public static List<Violation> violations(ServiceDefinition definition, OvfDescriptor descriptor) {
        return check(definition, url -> Optional.of(descriptor));
    }

    /**
     * Checks each deployment spec against the package of its {@code ovf_url} in {@code descriptorsByOvfUrl};
     * a spec whose URL is not in the map is reported at its {@code ovf_url}.
     */
    public static List<Violation> violations(ServiceDefinition definition, Map<String, OvfDescriptor> descriptorsByOvfUrl) {
        return check(definition, url -> Optional.ofNullable(descriptorsByOvfUrl.get(url)));
    }

    private static List<Violation> check(ServiceDefinition definition,
                                         Function<String, Optional<OvfDescriptor>> descriptors) {
        ServiceDeploymentSpec spec = definition.serviceDeploymentSpec();
        if (spec == null) {
            return List.of();
        }
        Set<Violation> found = new LinkedHashSet<>();
        for (int i = 0; i < spec.deploymentSpecs().size(); i++) {
            SvmDeploymentSpec deployment = spec.deploymentSpecs().get(i);
            String field = SPEC + ".deployment_specs[" + i + "]";
            Optional<OvfDescriptor> descriptor = descriptors.apply(deployment.ovfUrl());
            if (descriptor.isEmpty()) {
                found.add(new Violation(field + ".ovf_url", "the OVF package was not loaded"));
            } else {
                found.addAll(checkSpec(spec, deployment, field, descriptor.get()));
            }
        }
        return List.copyOf(found);
    }

    private static List<Violation> checkSpec(ServiceDeploymentSpec spec, SvmDeploymentSpec deployment, String field,
                                             OvfDescriptor descriptor) {
        List<Violation> found = new ArrayList<>();
        VirtualSystem system;
        try {
            system = descriptor.requireSingleVirtualSystem();
        } catch (OvfException e) {
            return List.of(new Violation(field + ".ovf_url", e.getMessage()));
        }
        Optional<DeploymentOption> option = descriptor.deploymentOption(deployment.serviceFormFactor());
        if (option.isEmpty()) {
            found.add(new Violation(field + ".service_form_factor", deployment.serviceFormFactor()
                    + " is not a deployment option of the OVF (form factors match option ids in any case); it declares: "
                    + listOrNone(descriptor.deploymentOptions().stream().map(DeploymentOption::id).toList())));
        }
        found.addAll(NicCheck.violations(spec.nicMetadataList(), descriptor,
                system.hardware(option.map(DeploymentOption::id).orElse(""))));
        found.addAll(templateViolations(spec.deploymentTemplate(), system));
        return found;
    }

    private static List<Violation> templateViolations(List<DeploymentTemplate> templates, VirtualSystem system) {
        List<DeclaredProperty> declared = system.productSections().stream()
                .filter(section -> !section.productClass().equals(ApplianceSpec.PRODUCT_CLASS))
                .flatMap(section -> section.properties().stream().map(p -> new DeclaredProperty(section, p)))
                .toList();
        if (declared.isEmpty()) {
            return List.of();
        }
        List<Violation> found = new ArrayList<>();
        for (int t = 0; t < templates.size(); t++) {
            List<Attribute> attributes = templates.get(t).attributes();
            for (int a = 0; a < attributes.size(); a++) {
                String field = SPEC + ".deployment_template[" + t + "].attributes[" + a + "]";
                found.addAll(attributeViolations(attributes.get(a), field, declared));
            }
        }
        return found;
    }

    private static List<Violation> attributeViolations(Attribute attribute, String field, List<DeclaredProperty> declared) {
        if (attribute.key().isEmpty()) {
            return List.of();
        }
        Optional<DeclaredProperty> match = declared.stream().filter(d -> d.answersTo(attribute.key())).findFirst();
        if (match.isEmpty()) {
            return List.of(new Violation(field + ".key", "'" + attribute.key() + "' is not a property declared in the"
                    + " OVF's ProductSections; it declares: " + listOrNone(declared.stream().map(d -> d.property().key()).toList())));
        }
        OvfProperty property = match.get().property();
        List<Violation> found = new ArrayList<>();
        PropertyTypes.incompatibility(attribute.attributeType(), property.type())
                .ifPresent(problem -> found.add(new Violation(field + ".attribute_type", problem)));
        if (property.password() && attribute.attributeType() != AttributeType.PASSWORD) {
            found.add(new Violation(field + ".attribute_type",
                    "the OVF declares '" + property.key() + "' a password: attribute_type must be PASSWORD"));
        }
        PropertyTypes.valueProblem(attribute.value(), property.type())
                .ifPresent(problem -> found.add(new Violation(field + ".value", problem)));
        return found;
    }

    static String listOrNone(List<String> items) {
        if (items.isEmpty()) {
            return "(none)";
        }
        String shown = items.stream().limit(20).collect(Collectors.joining(", "));
        return items.size() > 20 ? shown + ", ... (" + items.size() + " in all)" : shown;
    }

    /** A property with the section that declares it, so that its environment key can be matched too. */
    private record DeclaredProperty(ProductSection section, OvfProperty property) {
        boolean answersTo(String key) {
            return property.key().equals(key) || section.environmentKey(property).equals(key);
        }
    }
}
