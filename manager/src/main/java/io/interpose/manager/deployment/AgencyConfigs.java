package io.interpose.manager.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.interpose.compute.agent.AgencyConfig;
import io.interpose.compute.agent.HostProperties;
import io.interpose.compute.agent.NicConfig;
import io.interpose.compute.agent.PackageSource;
import io.interpose.compute.ovf.EnvironmentKeys;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.interpose.model.serviceinsertion.Attribute;
import io.interpose.model.serviceinsertion.DeploymentTemplate;
import io.interpose.model.serviceinsertion.NicInfo;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.ServiceDeployment;
import io.interpose.model.serviceinsertion.SvmDeploymentSpec;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a stored deployment and its service definition into the agency the agent manager keeps: the
 * cluster, the package (the deployment spec's OVF at the version the deployment is pinned to, in its
 * form factor), the OVF environment (deployment template attributes, then the deployment's overrides,
 * then Interpose's own identity properties) and the NICs.
 */
public final class AgencyConfigs {
    /** Properties Interpose adds to every service VM's OVF environment. */
    public static final String SERVICE_ID = EnvironmentKeys.SERVICE_ID;
    public static final String DEPLOYMENT_ID = EnvironmentKeys.DEPLOYMENT_ID;
    public static final String FORM_FACTOR = EnvironmentKeys.FORM_FACTOR;
    public static final String SVM_VERSION = "interpose.svm.version";

    private final ResourceStore store;
    private final BiFunction<String, String, PackageSource> packages;
    private final SvmCredentials credentials;
    private final Supplier<String> managerUrl;
    private final String caCertificate;
    private final Function<String, Optional<String>> muxAddresses;

    /**
     * {@code packages}: (OVF URL, form factor) to the package source the agent manager runs;
     * {@code credentials}: each SVM's token; {@code managerUrl}: the API the SVMs are told about;
     * {@code ca}: the manager's CA, which the SVMs trust for their host's Context MUX; {@code muxAddresses}:
     * where each host's MUX listens for SVMs, as its host agent reported it (a lab host adds its own).
     */
    public AgencyConfigs(ResourceStore store, BiFunction<String, String, PackageSource> packages, SvmCredentials credentials,
            Supplier<String> managerUrl, X509Certificate ca, Function<String, Optional<String>> muxAddresses) {
        this.muxAddresses = muxAddresses;
        this.store = store;
        this.packages = packages;
        this.credentials = credentials;
        this.managerUrl = managerUrl;
        try {
            this.caCertificate = Base64.getEncoder().encodeToString(ca.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the CA certificate", e);
        }
    }

    public AgencyConfig configFor(StoredResource stored) {
        ServiceDeployment deployment = ResourceCodec.read(stored, DeploymentCatalog.DEPLOYMENT);
        StoredResource serviceRecord = store.get(ServiceCatalog.servicePath(deployment.serviceId()))
                .orElseThrow(() -> new IllegalStateException("deployment " + stored.id() + " has no service " + deployment.serviceId()));
        ServiceDefinition service = ResourceCodec.read(serviceRecord, ServiceCatalog.SERVICE);
        SvmDeploymentSpec spec = service.deploymentSpec(deployment.deploymentSpecName())
                .orElseThrow(() -> new IllegalStateException("deployment " + stored.id() + " names no spec of its service"));
        String ovfUrl = pinned(stored.body(), "ovf_url", spec.ovfUrl());
        String version = pinned(stored.body(), "svm_version", service.serviceDeploymentSpec().svmVersion());
        Map<String, String> properties = new TreeMap<>(attributes(service, deployment.instanceDeploymentTemplate()));
        properties.put(SERVICE_ID, deployment.serviceId());
        properties.put(DEPLOYMENT_ID, stored.id());
        properties.put(SVM_VERSION, version);
        properties.put(FORM_FACTOR, spec.serviceFormFactor().name());
        properties.put(EnvironmentKeys.MANAGER_URL, managerUrl.get());
        properties.put(EnvironmentKeys.CA_CERTIFICATE, caCertificate);
        String name = stored.body().path("display_name").asText(stored.id());
        return new AgencyConfig(name, deployment.serviceDeploymentConfig().computeCollectionId(), "svm-" + name,
                packages.apply(ovfUrl, spec.serviceFormFactor().name()), properties,
                HostProperties.of(host -> hostProperties(stored.id(), host.id())),
                nics(deployment));
    }

    private Map<String, String> hostProperties(String deploymentId, String hostId) {
        Map<String, String> properties = new TreeMap<>(Map.of(EnvironmentKeys.SVM_TOKEN, credentials.token(deploymentId, hostId)));
        muxAddresses.apply(hostId).ifPresent(address -> properties.put(EnvironmentKeys.MUX_ADDRESS, address));
        return properties;
    }

    /** True if two configurations deploy the same thing (per-host properties are functions: not compared). */
    public static boolean sameDeployment(AgencyConfig a, AgencyConfig b) {
        return a.agencyName().equals(b.agencyName()) && a.clusterId().equals(b.clusterId())
                && a.agentNamePrefix().equals(b.agentNamePrefix()) && a.packageSource().equals(b.packageSource())
                && a.properties().equals(b.properties()) && a.nics().equals(b.nics());
    }

    private static String pinned(JsonNode body, String field, String fallback) {
        String value = body.path(field).asText("");
        return value.isEmpty() ? fallback : value;
    }

    /** The definition's template attributes (the named one, or the first), overridden by the deployment's. */
    private static Map<String, String> attributes(ServiceDefinition service, DeploymentTemplate instance) {
        Map<String, String> values = new TreeMap<>();
        List<DeploymentTemplate> templates = service.serviceDeploymentSpec().deploymentTemplate();
        service.deploymentTemplate(instance.name()).or(() -> templates.stream().findFirst())
                .ifPresent(t -> t.attributes().forEach(a -> values.put(a.key(), Objects.toString(a.value(), ""))));
        for (Attribute given : instance.attributes()) {
            values.put(given.key(), Objects.toString(given.value(), ""));
        }
        return values;
    }

    private static List<NicConfig> nics(ServiceDeployment deployment) {
        return deployment.serviceDeploymentConfig().vmNicInfo().nicInfos().stream().map(AgencyConfigs::nic).toList();
    }

    private static NicConfig nic(NicInfo nic) {
        if (nic.fromPool()) {
            return new NicConfig(nic.interfaceLabel(), nic.networkId(), NicConfig.IpAssignment.POOL, nic.ipPoolId(), Map.of());
        }
        return new NicConfig(nic.interfaceLabel(), nic.networkId(), NicConfig.IpAssignment.DHCP, "", Map.of());
    }
}
