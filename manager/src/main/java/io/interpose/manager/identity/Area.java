package io.interpose.manager.identity;

/** The parts of the API that {@link AccessPolicy} grants access to. */
public enum Area {
    /** Partner service definitions and vendor templates ({@code /api/v1/serviceinsertion/...}). */
    SERVICE_INSERTION,
    /** Service deployments (reserved for a later issue). */
    DEPLOYMENT,
    /** Service profiles, groups, endpoint policies and rules, realized state. */
    POLICY,
    /** Reading clusters, hosts and VMs. */
    INVENTORY_READ,
    /** The {@code update_tags} action on VMs. */
    INVENTORY_TAGS,
    /** Users and their tokens ({@code /api/v1/aaa/...}). */
    USERS,
    /** The audit log. */
    AUDIT,
    /** The lab datacenter's own admin API ({@code /lab/api/v1/...}). */
    LAB_ADMIN
}
