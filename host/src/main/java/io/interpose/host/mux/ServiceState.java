package io.interpose.host.mux;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ServiceSettings;
import io.interpose.protocol.gi.Decision;
import java.util.Optional;

/**
 * What the MUX knows of one service at a time: its settings from the desired state, its last
 * subscriptions (kept while its SVM is away, so that guests keep asking and the failure policy
 * decides), and the SVM link that serves it now.
 */
final class ServiceState {

    private final String id;
    private final MuxMetrics.ServiceMeters meters;
    private volatile ServiceSettings settings;
    private volatile Subscriptions subscriptions = Subscriptions.EMPTY;
    private volatile PartnerSession link;

    ServiceState(String id, MuxMetrics.ServiceMeters meters) {
        this.id = id;
        this.meters = meters;
        this.settings = ServiceSettings.newBuilder().setServiceId(id).build();
    }

    String id() {
        return id;
    }

    MuxMetrics.ServiceMeters meters() {
        return meters;
    }

    void settings(ServiceSettings settings) {
        this.settings = settings;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    void subscriptions(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** The SVM link serving this service now, when it is connected, subscribed and not unhealthy. */
    PartnerSession servingLink() {
        PartnerSession current = link;
        return current != null && current.serving() ? current : null;
    }

    Optional<PartnerSession> link() {
        return Optional.ofNullable(link);
    }

    void link(PartnerSession link) {
        this.link = link;
    }

    /** The decision when this service is down or late: BLOCK denies, anything else allows. */
    Decision failureDecision() {
        return settings.getFailurePolicy() == FailurePolicy.BLOCK ? Decision.DENY : Decision.ALLOW;
    }

    /** How long the MUX waits for this service's verdict. */
    long timeoutNanos(long defaultNanos) {
        int ms = settings.getVerdictTimeoutMs();
        return ms > 0 ? ms * 1_000_000L : defaultNanos;
    }
}
