package io.interpose.manager.serviceinsertion;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.VendorTemplate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The partner-facing catalogue: service definitions and their vendor templates. A partner sees and
 * changes only objects of its own {@code vendor_id}; objects of other vendors look absent to it.
 */
public final class ServiceCatalog {
    public static final String MODULE = "serviceinsertion";
    public static final String SERVICES = "/serviceinsertion/services";
    public static final ResourceKind<ServiceDefinition> SERVICE = ResourceKind.manager("ServiceDefinition",
            ServiceDefinition.class, MODULE, "service_manager_id");
    public static final ResourceKind<VendorTemplate> TEMPLATE = ResourceKind.manager("VendorTemplate",
            VendorTemplate.class, MODULE, "service_id");

    private final ResourceStore store;
    private final ResourceWriter writer;
    private final ServicePackages packages;
    private final Supplier<String> ids;

    private volatile Runnable changes = () -> { };

    /** {@code listener} runs after every service definition is created, replaced or deleted. */
    public void onChange(Runnable listener) {
        this.changes = listener;
    }

    public ServiceCatalog(ResourceStore store, ResourceWriter writer, ServicePackages packages) {
        this.store = store;
        this.writer = writer;
        this.packages = packages;
        this.ids = () -> UUID.randomUUID().toString();
    }

    public static String servicePath(String id) {
        return SERVICES + "/" + id;
    }

    public static String templatePath(String serviceId, String templateId) {
        return servicePath(serviceId) + "/vendor-templates/" + templateId;
    }

    public synchronized StoredResource create(ObjectNode request, Caller caller) {
        Parsed<ServiceDefinition> parsed = ResourceCodec.parse(request, SERVICE);
        checkVendor(parsed.body().vendorId(), caller);
        ResourceCodec.throwIfInvalid("ServiceDefinition", MODULE, packages.violations(parsed.body()));
        CommonFields common = named(parsed.common().withId(ids.get()), request, "ServiceDefinition");
        String path = servicePath(common.id());
        return changed(writer.write(new Write(SERVICE.resourceType(), MODULE, path, "", common,
                ResourceCodec.storedBody(common, SERVICE.resourceType(), parsed.body()), List.of(), caller.username(),
                tx -> checkNameFree(common.displayName(), path)), Mode.POST));
    }

    public synchronized StoredResource replace(String id, ObjectNode request, Caller caller) {
        StoredResource current = service(id, caller);
        Parsed<ServiceDefinition> parsed = ResourceCodec.parse(request, SERVICE);
        ServiceDefinition before = ResourceCodec.read(current, SERVICE);
        if (!before.vendorId().equals(parsed.body().vendorId())) {
            throw ApiException.badRequest(MODULE, "vendor_id cannot change (it is " + before.vendorId() + ")");
        }
        CommonFields common = named(parsed.common().withId(id), request, "ServiceDefinition");
        ServiceDefinition body = parsed.body().withReadOnlyFields(before.serviceManagerId());
        ResourceCodec.throwIfInvalid("ServiceDefinition", MODULE, packages.violations(body));
        List<String> problems = templatesOutsideFunctionalities(id, body);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(MODULE, "functionalities must keep those of existing vendor templates: " + problems);
        }
        return changed(writer.write(new Write(SERVICE.resourceType(), MODULE, current.path(), "", common,
                ResourceCodec.storedBody(common, SERVICE.resourceType(), body), List.of(), caller.username(),
                tx -> checkNameFree(common.displayName(), current.path())), Mode.PUT));
    }

    private StoredResource changed(StoredResource written) {
        changes.run();
        return written;
    }

    public synchronized void delete(String id, boolean cascade, Caller caller) {
        StoredResource current = service(id, caller);
        writer.delete(MODULE, current.path(), cascade, ResourceWriter.Check.NONE);
        changes.run();
    }

    public List<StoredResource> services(Caller caller) {
        return store.listAll(SERVICE.resourceType()).stream()
                .filter(s -> caller.owns(ResourceCodec.read(s, SERVICE).vendorId()))
                .toList();
    }

    /** The service, if the caller may see it; 404 otherwise (partners cannot probe other vendors). */
    public StoredResource service(String id, Caller caller) {
        return store.get(servicePath(id))
                .filter(s -> SERVICE.resourceType().equals(s.kind()))
                .filter(s -> caller.owns(ResourceCodec.read(s, SERVICE).vendorId()))
                .orElseThrow(() -> ApiException.notFound(MODULE, "Service definition " + id));
    }

    /** The service whose display name is {@code name} (how policy's service references name it). */
    public Optional<StoredResource> serviceNamed(String name) {
        return store.listAll(SERVICE.resourceType()).stream()
                .filter(s -> name.equals(s.body().path("display_name").asText()))
                .findFirst();
    }

    public synchronized StoredResource createTemplate(String serviceId, ObjectNode request, Caller caller) {
        StoredResource service = service(serviceId, caller);
        ServiceDefinition definition = ResourceCodec.read(service, SERVICE);
        Parsed<VendorTemplate> parsed = ResourceCodec.parse(request, TEMPLATE);
        CommonFields common = parsed.common().withId(ids.get());
        VendorTemplate template = parsed.body().withKeyDefaultedTo(common.displayName());
        ResourceCodec.throwIfInvalid("VendorTemplate", MODULE, template.violations(definition));
        ObjectNode body = ResourceCodec.storedBody(common, TEMPLATE.resourceType(), template);
        body.put("service_id", serviceId);
        String path = templatePath(serviceId, common.id());
        return writer.write(new Write(TEMPLATE.resourceType(), MODULE, path, service.path(), common, body,
                List.of(), caller.username(), tx -> checkKeyFree(service.path(), template.vendorTemplateKey())), Mode.POST);
    }

    public List<StoredResource> templates(String serviceId, Caller caller) {
        StoredResource service = service(serviceId, caller);
        return store.listAll(TEMPLATE.resourceType()).stream()
                .filter(t -> t.parentPath().equals(service.path()))
                .toList();
    }

    public StoredResource template(String serviceId, String templateId, Caller caller) {
        service(serviceId, caller);
        return store.get(templatePath(serviceId, templateId))
                .orElseThrow(() -> ApiException.notFound(MODULE, "Vendor template " + templateId + " of service " + serviceId));
    }

    public synchronized void deleteTemplate(String serviceId, String templateId, Caller caller) {
        StoredResource template = template(serviceId, templateId, caller);
        writer.delete(MODULE, template.path(), false, ResourceWriter.Check.NONE);
    }

    private void checkVendor(String vendorId, Caller caller) {
        if (vendorId != null && !caller.owns(vendorId)) {
            throw ApiException.forbidden(MODULE, "A partner may only register services of its own vendor_id ("
                    + caller.partnerVendorId().orElse("") + ")");
        }
    }

    /** Services are found by name (policy's service references use it), so a name is required. */
    private static CommonFields named(CommonFields common, ObjectNode request, String what) {
        if (!request.hasNonNull("display_name") || request.get("display_name").asText().isBlank()) {
            ResourceCodec.throwIfInvalid(what, MODULE, List.of(new io.interpose.model.Violation("display_name", "is required")));
        }
        return common;
    }

    private void checkNameFree(String name, String selfPath) {
        serviceNamed(name).filter(s -> !s.path().equals(selfPath)).ifPresent(s -> {
            throw new ApiException(409, ErrorCode.ALREADY_EXISTS, MODULE,
                    "A service named '" + name + "' already exists (id " + s.id() + "); service names are unique");
        });
    }

    private void checkKeyFree(String servicePath, String key) {
        store.listAll(TEMPLATE.resourceType()).stream()
                .filter(t -> t.parentPath().equals(servicePath))
                .filter(t -> key.equals(t.body().path("vendor_template_key").asText()))
                .findFirst()
                .ifPresent(t -> {
                    throw new ApiException(409, ErrorCode.ALREADY_EXISTS, MODULE,
                            "The service already has a vendor template with vendor_template_key '" + key + "' (id " + t.id() + ")");
                });
    }

    private List<String> templatesOutsideFunctionalities(String serviceId, ServiceDefinition body) {
        return store.listAll(TEMPLATE.resourceType()).stream()
                .filter(t -> t.parentPath().equals(servicePath(serviceId)))
                .filter(t -> !body.functionalities().contains(ResourceCodec.read(t, TEMPLATE).functionality()))
                .map(StoredResource::id)
                .toList();
    }
}
