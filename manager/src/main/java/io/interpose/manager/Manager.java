package io.interpose.manager;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.agent.AgentManager;
import io.interpose.compute.agent.OvfPackages;
import io.interpose.compute.ovf.OvfLimits;
import io.interpose.manager.deployment.AgencyConfigs;
import io.interpose.manager.deployment.DeploymentApi;
import io.interpose.manager.deployment.DeploymentCatalog;
import io.interpose.manager.deployment.DeploymentController;
import io.interpose.manager.deployment.SvmCredentials;
import io.interpose.manager.aaa.AaaApi;
import io.interpose.manager.aaa.IdentityGatekeeper;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.ApiServer.ApiModule;
import io.interpose.manager.api.ResourceWriter;
import io.interpose.manager.control.ControlApi;
import io.interpose.manager.control.ControlChannel;
import io.interpose.manager.control.MuxEndpoints;
import io.interpose.manager.control.JoinToken;
import io.interpose.manager.identity.AccessPolicy;
import io.interpose.manager.identity.Authenticator;
import io.interpose.manager.identity.PasswordHasher;
import io.interpose.manager.identity.TokenService;
import io.interpose.manager.identity.UserService;
import io.interpose.manager.inventory.InventoryApi;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.openapi.OpenApiModule;
import io.interpose.manager.policy.PolicyApi;
import io.interpose.manager.policy.PolicyService;
import io.interpose.manager.serviceinsertion.ServiceCatalog;
import io.interpose.manager.serviceinsertion.ServiceInsertionApi;
import io.interpose.manager.serviceinsertion.ServicePackages;
import io.interpose.manager.store.Database;
import io.interpose.manager.store.DatabaseConfig;
import io.interpose.manager.store.JdbcResourceStore;
import io.interpose.manager.store.JdbcUserStore;
import io.interpose.manager.tls.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management plane, assembled: database and store, identities, the inventory view of a compute
 * manager, the service catalogue, policy and its realization, and the HTTPS API over all of them.
 */
public final class Manager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Manager.class);
    private static final Duration RESYNC = Duration.ofSeconds(10);
    /** Memory of a service VM until its package says otherwise (the OVF's form factor decides). */
    private static final int DEFAULT_SVM_MEMORY_MIB = 256;
    private final List<AutoCloseable> resources;
    private final ApiServer server;
    private final ManagerConfig config;
    private final BootstrapAdmin admin;
    private final Optional<Path> caCertificate;
    private final PolicyService policy;
    private final ControlChannel control;
    private final Path controlCaCertificate;

    private Manager(ManagerConfig config, List<AutoCloseable> resources, ApiServer server, BootstrapAdmin admin,
            Optional<Path> caCertificate, PolicyService policy, ControlChannel control, Path controlCaCertificate) {
        this.control = control;
        this.controlCaCertificate = controlCaCertificate;
        this.config = config;
        this.resources = resources;
        this.server = server;
        this.admin = admin;
        this.caCertificate = caCertificate;
        this.policy = policy;
    }

    /** Starts a manager; {@code extraModules} add routes (the lab's admin API) behind the same security. */
    public static Manager start(ManagerConfig config, ComputeManager compute, AgentManager agents, List<? extends ApiModule> extraModules,
            Clock clock) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Files.createDirectories(config.dataDir());
            Database database = Database.open(config.databaseConfig());
            opened.add(database);
            JdbcResourceStore store = new JdbcResourceStore(database);
            JdbcUserStore userStore = new JdbcUserStore(database);
            UserService users = new UserService(userStore, new PasswordHasher(), clock);
            BootstrapAdmin admin = BootstrapAdmin.ensure(users, config);
            Authenticator authenticator = new Authenticator(userStore, new PasswordHasher(), clock);
            InventoryView inventory = new InventoryView(compute);
            opened.add(0, inventory);
            ResourceWriter writer = new ResourceWriter(store, clock);
            ServiceCatalog catalog = new ServiceCatalog(store, writer,
                    new ServicePackages(config.dataDir().resolve("ovf-check"), OvfLimits.defaults()));
            PolicyService policy = new PolicyService(store, writer, catalog, inventory);
            inventory.start();
            policy.loadInventory();
            DeploymentCatalog deployments = new DeploymentCatalog(store, writer, catalog, inventory, clock);
            ScheduledExecutorService controllerThreads = Executors.newScheduledThreadPool(2, daemon("deployment-controller"));
            opened.add(0, controllerThreads::shutdownNow);
            AtomicReference<String> url = new AtomicReference<>("");
            TlsMaterial tlsMaterial = TlsMaterial.loadOrCreate(config.dataDir().resolve("tls"), config.hostNames());
            MuxEndpoints muxes = new MuxEndpoints(database, clock);
            DeploymentController controller = new DeploymentController(deployments,
                    new AgencyConfigs(store, (ovf, formFactor) -> OvfPackages.source(ovf, formFactor, DEFAULT_SVM_MEMORY_MIB),
                            SvmCredentials.loadOrCreate(config.dataDir()), url::get, tlsMaterial.caX509Certificate(),
                            muxes::partnerEndpoint),
                    agents, clock, controllerThreads, RESYNC);
            muxes.onChange(host -> controller.hostPropertiesChanged());
            deployments.onChange(controller::changed);
            opened.add(0, controller);
            ControlChannel control = ControlChannel.start(config.host(), config.controlPort(), tlsMaterial, database,
                    new ControlChannel.Sources(inventory, policy.engine(), store, agents, SvmCredentials.loadOrCreate(config.dataDir()),
                            muxes), clock);
            opened.add(0, control);
            catalog.onChange(control.plane()::servicesChanged);
            ControlApi controlApi = control.api(deployments, clock);
            List<ApiModule> modules = new ArrayList<>(List.of(
                    new ServiceInsertionApi(catalog),
                    new PolicyApi(policy, control.enforcement()),
                    new InventoryApi(inventory),
                    new DeploymentApi(deployments, controller, controlApi.partnerHealth()),
                    controlApi,
                    new AaaApi(users, new TokenService(userStore, clock), authenticator, store, clock),
                    new OpenApiModule()));
            modules.addAll(extraModules);
            Optional<TlsMaterial> tls = config.tls() ? Optional.of(tlsMaterial) : Optional.empty();
            ApiServer server = new ApiServer(new ApiServer.Settings(config.host(), config.port(),
                    tls.map(t -> new ApiServer.Tls(t.keyStore(), t.keyStorePassword()))),
                    new IdentityGatekeeper(authenticator, new AccessPolicy()), store::appendAudit, clock, modules);
            server.start();
            opened.add(1, server);
            url.set((config.tls() ? "https" : "http") + "://" + config.host() + ":" + server.port());
            controller.start();
            Manager manager = new Manager(config, opened, server, admin, tls.map(TlsMaterial::caCertificate), policy, control,
                    tlsMaterial.caCertificate());
            LOG.info("Manager listening on {}; host control channel on port {}", manager.url(), control.port());
            return manager;
        } catch (Exception e) {
            closeAll(opened);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("manager failed to start: " + e.getMessage(), e);
        }
    }

    /** The base URL of the API, e.g. {@code https://127.0.0.1:8443}. */
    public String url() {
        return (config.tls() ? "https" : "http") + "://" + config.host() + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    public String adminUser() {
        return admin.username();
    }

    /** The bootstrap admin's password, if this data directory still holds it. */
    public Optional<String> adminPassword() {
        return admin.password();
    }

    public Optional<Path> caCertificate() {
        return caCertificate;
    }

    public PolicyService policy() {
        return policy;
    }

    /** The port of the host control channel (gRPC over TLS; see control.proto). */
    public int controlPort() {
        return control.port();
    }

    /** The CA certificate (PEM) host agents trust for the control channel, and whose certificates they get. */
    public Path controlCaCertificate() {
        return controlCaCertificate;
    }

    /**
     * A new one-time join token (valid one hour) by which the agent of {@code hostId} enrols; the same as
     * {@code POST /api/v1/fabric/hosts/{id}?action=create_join_token}. Throws {@link IllegalArgumentException}
     * for a host the inventory does not know.
     */
    public JoinToken createJoinToken(String hostId) {
        return control.createJoinToken(hostId);
    }

    /** The control channel: host statuses, detections. */
    public ControlChannel control() {
        return control;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}", resource, e);
            }
        }
    }
}
