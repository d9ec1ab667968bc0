package io.interpose.model.serviceinsertion;

/**
 * What a partner service does (NSX {@code functionalities}). EPP and MPS are guest-introspection
 * functionalities: they protect guests through the thin agent and the Context MUX, not by redirecting
 * traffic, so they need no attachment point, transport or redirection action.
 */
public enum Functionality {
    /** Next generation firewall. */
    NG_FW,
    /** Intrusion detection / prevention. */
    IDS_IPS,
    /** Network monitoring. */
    NET_MON,
    /** Hybrid cloud exchange. */
    HCX,
    /** Bring your own device (partner-managed appliance). */
    BYOD,
    /** Endpoint protection (third-party anti-virus over guest introspection). */
    EPP,
    /** Malware prevention (guest introspection). */
    MPS,
    /** Transparent load balancer. */
    TLB;

    /** True for EPP and MPS, which work through guest introspection rather than traffic redirection. */
    public boolean isGuestIntrospection() {
        return this == EPP || this == MPS;
    }
}
