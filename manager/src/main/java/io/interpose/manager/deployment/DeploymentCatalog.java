package io.interpose.manager.deployment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.compute.Networks;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.CommonFields;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.api.ResourceCodec.Parsed;
import io.interpose.manager.api.ResourceKind;
import io.interpose.manager.api.ResourceWriter;
import io.interpose.manager.api.ResourceWriter.Mode;
import io.interpose.manager.api.ResourceWriter.Write;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.Violation;
import io.interpose.model.serviceinsertion.NicInfo;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.ServiceDeployment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Service deployments as the administrator asked for them (the desired state). Creating one is
 * checked against the service definition, the inventory (the cluster exists) and the networks (each
 * NIC's network and pool exist); the deployment controller then makes it real, asynchronously.
 * Deleting marks the deployment for deletion; the controller removes its service VMs and then the record.
 */
public final class DeploymentCatalog {
    public static final String MODULE = "serviceinsertion";
    public static final ResourceKind<ServiceDeployment> DEPLOYMENT = ResourceKind.manager("ServiceDeployment",
            ServiceDeployment.class, MODULE, "ovf_url", "svm_version", "previous_svm_version", "marked_for_delete");

    private final ResourceStore store;
    private final ResourceWriter writer;
    private final ServiceCatalog services;
    private final InventoryView inventory;
    private final Supplier<String> ids;
    private final Clock clock;
    private volatile Consumer<String> changes = id -> {};

    public DeploymentCatalog(ResourceStore store, ResourceWriter writer, ServiceCatalog services, InventoryView inventory,
            Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = writer;
        this.services = services;
        this.inventory = inventory;
        this.ids = () -> UUID.randomUUID().toString();
    }

    /** Who hears "deployment {@code id} changed" (the deployment controller). */
    public void onChange(Consumer<String> listener) {
        this.changes = listener;
    }

    public static String path(String serviceId, String deploymentId) {
        return ServiceCatalog.servicePath(serviceId) + "/service-deployments/" + deploymentId;
    }

    public synchronized StoredResource create(String serviceId, ObjectNode request, Caller caller) {
        StoredResource service = services.service(serviceId, caller);
        ServiceDefinition definition = ResourceCodec.read(service, ServiceCatalog.SERVICE);
        Parsed<ServiceDeployment> parsed = ResourceCodec.parse(request, DEPLOYMENT);
        ServiceDeployment deployment = parsed.body().withServiceId(serviceId);
        List<Violation> problems = new ArrayList<>(deployment.violations(definition));
        problems.addAll(placementProblems(deployment));
        ResourceCodec.throwIfInvalid("ServiceDeployment", MODULE, problems);
        CommonFields common = parsed.common().withId(ids.get());
        String path = path(serviceId, common.id());
        String cluster = deployment.serviceDeploymentConfig().computeCollectionId();
        ObjectNode body = ResourceCodec.storedBody(common, DEPLOYMENT.resourceType(), deployment);
        var spec = definition.deploymentSpec(deployment.deploymentSpecName()).orElseThrow();
        body.put("ovf_url", spec.ovfUrl());
        body.put("svm_version", definition.serviceDeploymentSpec().svmVersion());
        StoredResource created = writer.write(new Write(DEPLOYMENT.resourceType(), MODULE, path, service.path(), common, body,
                List.of(), caller.username(), tx -> refuseSecondDeployment(tx, serviceId, cluster, path)), Mode.POST);
        changes.accept(created.id());
        return created;
    }

    public List<StoredResource> deployments(String serviceId, Caller caller) {
        StoredResource service = services.service(serviceId, caller);
        return store.listAll(DEPLOYMENT.resourceType()).stream().filter(d -> d.parentPath().equals(service.path())).toList();
    }

    public List<StoredResource> all() {
        return store.listAll(DEPLOYMENT.resourceType());
    }

    public StoredResource deployment(String serviceId, String deploymentId, Caller caller) {
        services.service(serviceId, caller);
        return store.get(path(serviceId, deploymentId)).filter(d -> d.kind().equals(DEPLOYMENT.resourceType()))
                .orElseThrow(() -> ApiException.notFound(MODULE, "Service deployment " + deploymentId + " of service " + serviceId));
    }

    /** Marks the deployment for deletion; the controller removes its service VMs, then the record. */
    public synchronized StoredResource markForDelete(String serviceId, String deploymentId, Caller caller) {
        StoredResource current = deployment(serviceId, deploymentId, caller);
        if (current.markedForDelete()) {
            return current;
        }
        StoredResource marked = store.write(tx -> tx.update(new StoredResource(current.path(), current.kind(), current.id(),
                current.parentPath(), current.revision(), current.createTime(), current.createUser(), clock.millis(),
                caller.username(), true, current.body(), current.references())));
        changes.accept(marked.id());
        return marked;
    }

    /**
     * Re-pins the deployment to its definition's current package and {@code svm_version}; the controller
     * then rolls the new package out host by host. Returns the deployment as stored.
     */
    public synchronized StoredResource upgrade(String serviceId, String deploymentId, Caller caller) {
        StoredResource current = deployment(serviceId, deploymentId, caller);
        ServiceDefinition definition = ResourceCodec.read(services.service(serviceId, caller), ServiceCatalog.SERVICE);
        ServiceDeployment deployment = ResourceCodec.read(current, DEPLOYMENT);
        var spec = definition.deploymentSpec(deployment.deploymentSpecName()).orElseThrow(() -> ApiException.badRequest(MODULE,
                "The service no longer has the deployment spec '" + deployment.deploymentSpecName() + "'"));
        String version = definition.serviceDeploymentSpec().svmVersion();
        if (version.equals(current.body().path("svm_version").asText()) && spec.ovfUrl().equals(current.body().path("ovf_url").asText())) {
            throw ApiException.badRequest(MODULE, "The deployment already runs svm_version " + version + "; change the definition first");
        }
        ObjectNode body = current.body().deepCopy();
        body.put("previous_svm_version", current.body().path("svm_version").asText());
        body.put("svm_version", version);
        body.put("ovf_url", spec.ovfUrl());
        StoredResource upgraded = store.write(tx -> tx.update(current.modified(body, current.references(), caller.username(),
                clock.millis())));
        changes.accept(upgraded.id());
        return upgraded;
    }

    /** Called by the controller once a deployment marked for deletion has no service VM left. */
    public void forget(String path) {
        store.write(tx -> tx.delete(path));
    }

    private List<Violation> placementProblems(ServiceDeployment deployment) {
        List<Violation> problems = new ArrayList<>();
        var config = deployment.serviceDeploymentConfig();
        if (config == null) {
            return problems;
        }
        String field = "service_deployment_config";
        if (!config.computeManagerId().isEmpty() && !config.computeManagerId().equals(inventory.computeManager().id())) {
            problems.add(new Violation(field + ".compute_manager_id", "unknown compute manager '" + config.computeManagerId()
                    + "'; known: [" + inventory.computeManager().id() + "]"));
        }
        if (!config.computeCollectionId().isEmpty() && inventory.cluster(config.computeCollectionId()).isEmpty()) {
            problems.add(new Violation(field + ".compute_collection_id", "no cluster '" + config.computeCollectionId() + "'"));
        }
        Optional<Networks> networks = networks();
        List<NicInfo> nics = config.vmNicInfo().nicInfos();
        for (int i = 0; i < nics.size(); i++) {
            NicInfo nic = nics.get(i);
            String at = field + ".vm_nic_info.nic_infos[" + i + "]";
            if (!nic.networkId().isEmpty() && networks.flatMap(n -> n.network(nic.networkId())).isEmpty()) {
                problems.add(new Violation(at + ".network_id", "no network '" + nic.networkId() + "'"));
            }
            if (nic.fromPool() && networks.flatMap(n -> n.network(nic.networkId()))
                    .map(n -> n.pools().stream().noneMatch(p -> p.id().equals(nic.ipPoolId()))).orElse(true)) {
                problems.add(new Violation(at + ".ip_pool_id", "network '" + nic.networkId() + "' has no IP pool '" + nic.ipPoolId() + "'"));
            }
        }
        return problems;
    }

    private Optional<Networks> networks() {
        return inventory.computeManager() instanceof Networks n ? Optional.of(n) : Optional.empty();
    }

    private void refuseSecondDeployment(ResourceStore.Transaction tx, String serviceId, String cluster, String selfPath) {
        store.listAll(DEPLOYMENT.resourceType()).stream()
                .filter(d -> d.parentPath().equals(ServiceCatalog.servicePath(serviceId)))
                .filter(d -> !d.path().equals(selfPath) && !d.markedForDelete())
                .filter(d -> cluster.equals(d.body().path("service_deployment_config").path("compute_collection_id").asText()))
                .findFirst()
                .ifPresent(d -> {
                    throw ApiException.conflict(MODULE, "Service " + serviceId + " is already deployed to cluster " + cluster
                            + " (deployment " + d.id() + ")");
                });
    }
}
