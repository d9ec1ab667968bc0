package io.interpose.manager.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.interpose.compute.agent.AgentManager;
import io.interpose.manager.deployment.DeploymentCatalog;
import io.interpose.manager.deployment.SvmCredentials;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.realization.Protection;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.control.VmProtection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes hosts' desired states from what the manager knows now: the VMs the inventory places on the
 * host and, for each, the services protecting it (realization: one binding per service, the first rule
 * in policy order wins) with the profile's vendor template key and attributes (the template's, then the
 * profile's overrides); the settings of those services; and the SVM endpoints, one per deployment that
 * has an agent on the host. Reads only; never fails for dangling references (a binding whose profile
 * vanished meanwhile is dropped, and the next pass sees the settled state).
 */
final class DesiredStates {
    static final int DEFAULT_VERDICT_TIMEOUT_MS = 1000;
    private final InventoryView inventory;
    private final RealizationEngine engine;
    private final ResourceStore store;
    private final AgentManager agents;
    private final SvmCredentials credentials;

    DesiredStates(InventoryView inventory, RealizationEngine engine, ResourceStore store, AgentManager agents,
            SvmCredentials credentials) {
        this.inventory = inventory;
        this.engine = engine;
        this.store = store;
        this.agents = agents;
        this.credentials = credentials;
    }

    /** The desired state of each of {@code hostIds}, computed in one pass. */
    Map<String, HostState> compute(Collection<String> hostIds) {
        Pass pass = new Pass();
        Map<String, List<VirtualMachine>> vmsByHost = inventory.vms().stream().filter(vm -> vm.hostId() != null)
                .collect(Collectors.groupingBy(VirtualMachine::hostId));
        List<StoredResource> deployments = store.listAll(DeploymentCatalog.DEPLOYMENT.resourceType()).stream()
                .filter(d -> !d.markedForDelete()).toList();
        Map<String, HostState> states = new LinkedHashMap<>();
        for (String hostId : hostIds) {
            states.put(hostId, host(hostId, vmsByHost.getOrDefault(hostId, List.of()), deployments, pass));
        }
        return states;
    }

    private HostState host(String hostId, List<VirtualMachine> vms, List<StoredResource> deployments, Pass pass) {
        Map<String, VmProtection> protections = new HashMap<>();
        Map<String, ServiceSettings> services = new HashMap<>();
        for (VirtualMachine vm : vms) {
            VmProtection protection = protection(vm, pass);
            protections.put(vm.externalId(), protection);
            protection.getBindingsList().forEach(b -> service(b.getServiceId(), pass).ifPresent(s -> services.put(s.getServiceId(), s)));
        }
        Map<String, ServiceEndpoint> endpoints = new HashMap<>();
        for (StoredResource deployment : deployments) {
            if (agents.agent(deployment.id(), hostId).isPresent()) {
                String serviceId = deployment.body().path("service_id").asText();
                endpoints.put(deployment.id(), ServiceEndpoint.newBuilder().setDeploymentId(deployment.id()).setServiceId(serviceId)
                        .setCredentialSha256(ByteString.copyFrom(sha256(credentials.token(deployment.id(), hostId)))).build());
                service(serviceId, pass).ifPresent(s -> services.put(serviceId, s));
            }
        }
        return new HostState(protections, services, endpoints);
    }

    private VmProtection protection(VirtualMachine vm, Pass pass) {
        VmProtection.Builder out = VmProtection.newBuilder().setVmId(vm.externalId()).setVmName(vm.displayName())
                .setOsFamily(osFamily(vm.osName()));
        for (Protection p : engine.protections(vm.externalId())) {
            pass.binding(p.profilePath(), this::binding).ifPresent(b -> out.addBindings(b.toBuilder().addRulePaths(p.rulePath())));
        }
        return out.build();
    }

    /** The binding a profile gives (without rule paths), from the stored profile and its vendor template. */
    private Optional<ServiceBinding> binding(String profilePath) {
        return store.get(profilePath).map(profile -> {
            JsonNode body = profile.body();
            String serviceId = body.path("service_id").asText();
            Map<String, String> attributes = new LinkedHashMap<>();
            store.get(ServiceCatalog.templatePath(serviceId, body.path("vendor_template_id").asText()))
                    .ifPresent(t -> t.body().path("attributes").forEach(a -> attributes.put(a.path("key").asText(), a.path("value").asText())));
            body.path("attributes").forEach(a -> attributes.put(a.path("key").asText(), a.path("value").asText()));
            return ServiceBinding.newBuilder().setServiceId(serviceId).setProfileId(profile.id())
                    .setVendorTemplateKey(body.path("vendor_template_key").asText()).putAllAttributes(attributes).build();
        });
    }

    private Optional<ServiceSettings> service(String serviceId, Pass pass) {
        return pass.service(serviceId, id -> store.get(ServiceCatalog.servicePath(id)).map(s -> ServiceSettings.newBuilder()
                .setServiceId(id).setDisplayName(s.body().path("display_name").asText())
                .setFailurePolicy("BLOCK".equals(s.body().path("on_failure_policy").asText()) ? FailurePolicy.BLOCK : FailurePolicy.ALLOW)
                .setVerdictTimeoutMs(DEFAULT_VERDICT_TIMEOUT_MS).build()));
    }

    static String osFamily(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("windows")) {
            return "WINDOWS";
        }
        boolean linux = List.of("linux", "ubuntu", "debian", "centos", "red hat", "rhel", "fedora", "suse", "photon", "alpine")
                .stream().anyMatch(os::contains);
        return linux ? "LINUX" : "";
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** What one computation pass has already read from the store. */
    private static final class Pass {
        private final Map<String, Optional<ServiceBinding>> bindings = new HashMap<>();
        private final Map<String, Optional<ServiceSettings>> services = new HashMap<>();

        Optional<ServiceBinding> binding(String profilePath, Function<String, Optional<ServiceBinding>> read) {
            return bindings.computeIfAbsent(profilePath, read);
        }

        Optional<ServiceSettings> service(String serviceId, Function<String, Optional<ServiceSettings>> read) {
            return services.computeIfAbsent(serviceId, read);
        }
    }
}
