package io.interpose.compute.ovf;

/**
 * The keys Interpose puts in a service VM's OVF environment, beside the deployment template attributes
 * (which keep the keys the OVF declares). Documented in docs/appliance-format.md.
 */
public final class EnvironmentKeys {
    /** The service VM's id (also the environment's {@code oe:id}). */
    public static final String SVM_ID = "interpose.svm.id";
    /** The host the service VM runs on. */
    public static final String HOST_ID = "interpose.host.id";
    /** The service, deployment and deployment option (form factor) it belongs to. */
    public static final String SERVICE_ID = "interpose.service.id";
    public static final String DEPLOYMENT_ID = "interpose.deployment.id";
    public static final String FORM_FACTOR = "interpose.form_factor";
    /** The credential the service VM presents to Interpose (a secret: never log it). */
    public static final String SVM_TOKEN = "interpose.svm.token";
    /** Endpoints the service VM connects to: the manager's API and its host's Context MUX ({@code host:port}). */
    public static final String MANAGER_URL = "interpose.manager.url";
    public static final String MUX_ADDRESS = "interpose.mux.address";
    /** The manager's CA certificate (base64 DER): the Context MUX's certificate chains to it. */
    public static final String CA_CERTIFICATE = "interpose.ca.certificate";

    private EnvironmentKeys() {
    }

    /**
     * The key of one setting of the NIC labelled {@code label} (the OVF network name):
     * {@code interpose.nic.<label>.<field>}, with field {@code network_id}, {@code assignment} (DHCP,
     * STATIC or POOL) and, unless DHCP, {@code address}, {@code prefix_length}, {@code gateway}
     * ({@code ip_pool_id} for a pool address).
     */
    public static String nic(String label, String field) {
        return "interpose.nic." + label + "." + field;
    }
}
