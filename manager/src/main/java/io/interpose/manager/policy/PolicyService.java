package io.interpose.manager.policy;

import static io.interpose.manager.policy.PolicyKinds.ENDPOINT_POLICY;
import static io.interpose.manager.policy.PolicyKinds.ENDPOINT_RULE;
import static io.interpose.manager.policy.PolicyKinds.GROUP;
import static io.interpose.manager.policy.PolicyKinds.SERVICE_PROFILE;
import static io.interpose.manager.policy.PolicyKinds.SERVICE_REFERENCE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.InventoryEvent;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.CommonFields;
import io.interpose.manager.api.ErrorCode;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.api.ResourceCodec.Parsed;
import io.interpose.manager.api.ResourceKind;
import io.interpose.manager.api.ResourceWriter;
import io.interpose.manager.api.ResourceWriter.Mode;
import io.interpose.manager.api.ResourceWriter.Write;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.Violation;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.PolicyPaths;
import io.interpose.model.policy.ServiceProfile;
import io.interpose.model.policy.ServiceReference;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.VendorTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The administrator's policy: service references and profiles, groups, endpoint policies and rules.
 * Every write is checked against what it references, stored, and then handed to the
 * {@link RealizationEngine}. Writes are serialised (one at a time) so that the engine sees them in
 * the order the store committed them.
 */
public final class PolicyService {
    static final String MODULE = "policy";
    private final ResourceStore store;
    private final ResourceWriter writer;
    private final ServiceCatalog catalog;
    private final InventoryView inventory;
    private final RealizationEngine engine = new RealizationEngine();

    public PolicyService(ResourceStore store, ResourceWriter writer, ServiceCatalog catalog, InventoryView inventory) {
        this.store = store;
        this.writer = writer;
        this.catalog = catalog;
        this.inventory = inventory;
        inventory.addListener(this::onInventory);
        new PolicyLoader(store, engine).load();
    }

    /** Puts every VM the inventory view holds into the engine; call once the view has started. */
    public void loadInventory() {
        inventory.vms().forEach(engine::putVm);
    }

    /** The realization engine (read side: members, protections, states). */
    public RealizationEngine engine() {
        return engine;
    }

    public InventoryView inventory() {
        return inventory;
    }

    public ResourceStore store() {
        return store;
    }

    /** The prepared form of one policy write: the stored body, what it references, the in-transaction check. */
    private record Prepared(ObjectNode body, List<String> references, ResourceWriter.Check check) {}

    @FunctionalInterface
    private interface Preparer<T> {
        Prepared prepare(CommonFields common, T body);
    }

    private synchronized <T> StoredResource write(ResourceKind<T> kind, String path, String parentPath, String id, ObjectNode request,
            Mode mode, Caller caller, Preparer<T> preparer) {
        checkId(id);
        checkBodyId(request, id);
        Parsed<T> parsed = ResourceCodec.parse(request, kind);
        CommonFields common = parsed.common().withId(id);
        Prepared prepared = preparer.prepare(common, parsed.body());
        StoredResource stored = writer.write(new Write(kind.resourceType(), MODULE, path, parentPath, common, prepared.body(),
                prepared.references(), caller.username(), prepared.check()), mode);
        PolicyLoader.realize(engine, stored);
        return stored;
    }

    private synchronized void delete(String path, boolean withChildren) {
        List<StoredResource> deleted = writer.delete(MODULE, path, withChildren, ResourceWriter.Check.NONE);
        deleted.forEach(r -> PolicyLoader.unrealize(engine, r));
    }

    public StoredResource putServiceReference(String id, ObjectNode request, Mode mode, Caller caller) {
        return write(SERVICE_REFERENCE, PolicyKinds.serviceReference(id), "/infra", id, request, mode, caller, (common, reference) -> {
            StoredResource service = catalog.serviceNamed(reference.partnerServiceName())
                    .orElseThrow(() -> invalid("partner_service_name", "no service definition is named '" + reference.partnerServiceName() + "'"));
            ObjectNode body = ResourceCodec.storedBody(common, SERVICE_REFERENCE.resourceType(), reference);
            body.put("service_definition_id", service.id());
            return new Prepared(body, List.of(service.path()), tx -> exists(tx, service.path(), "partner_service_name"));
        });
    }

    public void deleteServiceReference(String id, boolean cascade) {
        delete(PolicyKinds.serviceReference(id), cascade);
    }

    public StoredResource putServiceProfile(String referenceId, String id, ObjectNode request, Mode mode, Caller caller) {
        String referencePath = PolicyKinds.serviceReference(referenceId);
        StoredResource reference = store.get(referencePath)
                .orElseThrow(() -> ApiException.notFound(MODULE, "Service reference " + referencePath));
        String serviceId = reference.body().path("service_definition_id").asText();
        return write(SERVICE_PROFILE, PolicyKinds.serviceProfile(referenceId, id), referencePath, id, request, mode, caller, (common, profile) -> {
            StoredResource template = resolveTemplate(serviceId, profile);
            VendorTemplate vendorTemplate = ResourceCodec.read(template, ServiceCatalog.TEMPLATE);
            checkOverrides(serviceId, vendorTemplate, profile);
            ServiceProfile resolved = new ServiceProfile(template.body().path("display_name").asText(),
                    vendorTemplate.vendorTemplateKey(), profile.attributes());
            ObjectNode body = ResourceCodec.storedBody(common, SERVICE_PROFILE.resourceType(), resolved);
            body.put("vendor_template_id", template.id());
            body.put("service_id", serviceId);
            return new Prepared(body, List.of(template.path()), tx -> {
                exists(tx, referencePath, "parent");
                exists(tx, template.path(), "vendor_template_key");
            });
        });
    }

    public void deleteServiceProfile(String referenceId, String id) {
        delete(PolicyKinds.serviceProfile(referenceId, id), false);
    }

    public StoredResource putGroup(String domain, String id, ObjectNode request, Mode mode, Caller caller) {
        checkId(domain);
        String path = PolicyKinds.group(domain, id);
        return write(GROUP, path, PolicyKinds.domain(domain), id, request, mode, caller, (common, group) -> {
            List<String> referenced = List.copyOf(group.referencedGroupPaths());
            List<Violation> missing = referenced.stream().filter(p -> store.get(p).isEmpty())
                    .map(p -> new Violation("expression", "group " + p + " does not exist")).toList();
            ResourceCodec.throwIfInvalid("Group", MODULE, missing);
            List<String> cycle = engine.checkNoCycle(path, group);
            if (!cycle.isEmpty()) {
                throw ApiException.badRequest(MODULE, "Group " + path + " would contain itself: " + String.join(" -> ", cycle));
            }
            return new Prepared(ResourceCodec.storedBody(common, GROUP.resourceType(), group), referenced,
                    tx -> referenced.forEach(p -> exists(tx, p, "expression")));
        });
    }

    public void deleteGroup(String domain, String id) {
        delete(PolicyKinds.group(domain, id), false);
    }

    public StoredResource putEndpointPolicy(String domain, String id, ObjectNode request, Mode mode, Caller caller) {
        checkId(domain);
        return write(ENDPOINT_POLICY, PolicyKinds.endpointPolicy(domain, id), PolicyKinds.domain(domain), id, request, mode, caller,
                (common, policy) -> new Prepared(ResourceCodec.storedBody(common, ENDPOINT_POLICY.resourceType(), policy),
                        List.of(), ResourceWriter.Check.NONE));
    }

    public void deleteEndpointPolicy(String domain, String id) {
        delete(PolicyKinds.endpointPolicy(domain, id), true);
    }

    public StoredResource putEndpointRule(String domain, String policyId, String id, ObjectNode request, Mode mode, Caller caller) {
        String policyPath = PolicyKinds.endpointPolicy(domain, policyId);
        if (store.get(policyPath).isEmpty()) {
            throw ApiException.notFound(MODULE, "Endpoint policy " + policyPath);
        }
        return write(ENDPOINT_RULE, PolicyKinds.endpointRule(domain, policyId, id), policyPath, id, request, mode, caller, (common, rule) -> {
            List<String> references = new ArrayList<>();
            List<Violation> missing = new ArrayList<>();
            for (int i = 0; i < rule.groups().size(); i++) {
                String group = rule.groups().get(i);
                if (!PolicyPaths.isAny(group)) {
                    references.add(group);
                    checkPresent(group, "groups[" + i + "]", missing);
                }
            }
            references.add(rule.serviceProfile());
            checkPresent(rule.serviceProfile(), "service_profiles[0]", missing);
            ResourceCodec.throwIfInvalid("EndpointRule", MODULE, missing);
            return new Prepared(ResourceCodec.storedBody(common, ENDPOINT_RULE.resourceType(), rule), references, tx -> {
                exists(tx, policyPath, "parent");
                references.forEach(p -> exists(tx, p, "reference"));
            });
        });
    }

    public void deleteEndpointRule(String domain, String policyId, String id) {
        delete(PolicyKinds.endpointRule(domain, policyId, id), false);
    }

    public Optional<StoredResource> get(String path) {
        return store.get(path);
    }

    private void onInventory(InventoryEvent event) {
        if (event instanceof InventoryEvent.VmUpserted e) {
            engine.putVm(e.vm());
        } else if (event instanceof InventoryEvent.VmRemoved e) {
            engine.removeVm(e.externalId());
        }
    }

    private StoredResource resolveTemplate(String serviceId, ServiceProfile profile) {
        String field = profile.selectsByKey() ? "vendor_template_key" : "vendor_template_name";
        String wanted = profile.selectsByKey() ? profile.vendorTemplateKey() : profile.vendorTemplateName();
        return store.listAll(ServiceCatalog.TEMPLATE.resourceType()).stream()
                .filter(t -> t.parentPath().equals(ServiceCatalog.servicePath(serviceId)))
                .filter(t -> wanted.equals(profile.selectsByKey() ? t.body().path("vendor_template_key").asText()
                        : t.body().path("display_name").asText()))
                .findFirst()
                .orElseThrow(() -> invalid(field, "the service has no vendor template with " + field + " '" + wanted + "'"));
    }

    private void checkOverrides(String serviceId, VendorTemplate template, ServiceProfile profile) {
        if (profile.attributes().isEmpty()) {
            return;
        }
        ServiceDefinition service = ResourceCodec.read(store.get(ServiceCatalog.servicePath(serviceId)).orElseThrow(), ServiceCatalog.SERVICE);
        if (service.guestIntrospectionOnly()) {
            throw invalid("attributes", "attribute overrides are not supported for Guest Introspection profiles");
        }
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < profile.attributes().size(); i++) {
            String key = profile.attributes().get(i).key();
            var attribute = template.attributes().stream().filter(a -> a.key().equals(key)).findFirst();
            if (attribute.isEmpty()) {
                problems.add(new Violation("attributes[" + i + "].key", "the vendor template has no attribute '" + key + "'"));
            } else if (attribute.get().readOnly()) {
                problems.add(new Violation("attributes[" + i + "].key", "attribute '" + key + "' is read-only"));
            }
        }
        ResourceCodec.throwIfInvalid("PolicyServiceProfile", MODULE, problems);
    }

    private void checkPresent(String path, String field, List<Violation> missing) {
        if (store.get(path).isEmpty()) {
            missing.add(new Violation(field, path + " does not exist"));
        }
    }

    private static void exists(ResourceStore.Transaction tx, String path, String field) {
        if (tx.get(path).isEmpty()) {
            throw new ApiException(409, ErrorCode.NOT_FOUND, MODULE, path + " (" + field + ") was deleted concurrently; retry");
        }
    }

    private static ApiException invalid(String field, String message) {
        return ResourceCodec.invalid("Request", MODULE, List.of(new Violation(field, message)));
    }

    private static void checkId(String id) {
        if (!CommonFields.ID.matcher(id).matches()) {
            throw ApiException.badRequest(MODULE, "Invalid id '" + id + "' in the path: use letters, digits, '.', '_', '~' or '-'");
        }
    }

    private static void checkBodyId(ObjectNode request, String id) {
        if (request.hasNonNull("id") && !id.equals(request.get("id").asText())) {
            throw ApiException.badRequest(MODULE, "The body's id '" + request.get("id").asText() + "' differs from the path's '" + id + "'");
        }
    }
}
