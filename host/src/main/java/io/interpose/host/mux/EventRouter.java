package io.interpose.host.mux;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.VerdictSource;

/**
 * The event path, run on the guest connection's reader thread: each event goes to every service
 * protecting the VM that subscribed to its type; events that await a verdict collect one share per
 * deciding service (see {@link PendingVerdict}). Takes no lock and never blocks.
 */
final class EventRouter {

    private final MuxLimits limits;
    private final long defaultTimeoutNanos;

    EventRouter(MuxLimits limits) {
        this.limits = limits;
        this.defaultTimeoutNanos = limits.defaultVerdictTimeout().toNanos();
    }

    long defaultTimeoutMillis() {
        return limits.defaultVerdictTimeout().toMillis();
    }

    void event(GuestSession guest, Event event, long receivedNanos) {
        int type = event.getTypeValue();
        guest.meters().received(type);
        ServiceState[] services = guest.route();
        if (!event.getAwaitsVerdict()) {
            notifyAll(guest, event, services, type, Subscriptions.NOTIFY);
            return;
        }
        int deciders = 0;
        for (ServiceState service : services) {
            if (service.subscriptions().mode(type) == Subscriptions.DECIDE) {
                deciders++;
            }
        }
        if (deciders == 0) {
            notifyAll(guest, event, services, type, Subscriptions.NOTIFY);
            guest.verdict(event.getId(), Decision.ALLOW, 0, "", VerdictSource.NO_SERVICE);
        } else if (!guest.reservePending(limits.pendingVerdictsPerVm())) {
            guest.meters().pendingFull();
            guest.verdict(event.getId(), defaultDecision(services), 0, "overload", VerdictSource.OVERLOAD);
        } else {
            decide(guest, event, services, type, new PendingVerdict(guest, event.getId(), deciders), receivedNanos);
        }
    }

    private void decide(GuestSession guest, Event event, ServiceState[] services, int type, PendingVerdict pending,
            long receivedNanos) {
        long deadline = receivedNanos + (event.getDeadlineMs() > 0 ? event.getDeadlineMs() * 1_000_000L : defaultTimeoutNanos);
        for (ServiceState service : services) {
            int mode = service.subscriptions().mode(type);
            if (mode == Subscriptions.NOTIFY) {
                sendNotification(guest, event, service);
            } else if (mode == Subscriptions.DECIDE && !forward(guest, event, service, pending, deadline)) {
                pending.overload(defaultDecision(services));
                return;
            }
        }
    }

    /** Sends one share; false when the SVM's queue is full (an overload). */
    private boolean forward(GuestSession guest, Event event, ServiceState service, PendingVerdict pending, long deadline) {
        PartnerSession link = service.servingLink();
        long wait = Math.min(deadline - System.nanoTime(), service.timeoutNanos(defaultTimeoutNanos));
        if (link == null || wait <= 0) {
            pending.fail(service);
            return true;
        }
        if (link.decide(event, guest.vmId(), pending, wait)) {
            return true;
        }
        if (!link.connection().open()) {
            pending.fail(service);
            return true;
        }
        return false;
    }

    private void notifyAll(GuestSession guest, Event event, ServiceState[] services, int type, int minimumMode) {
        boolean anyone = false;
        for (ServiceState service : services) {
            if (service.subscriptions().mode(type) >= minimumMode) {
                anyone = true;
                sendNotification(guest, event, service);
            }
        }
        if (!anyone && !event.getAwaitsVerdict()) {
            guest.meters().noSubscriber();
        }
    }

    private static void sendNotification(GuestSession guest, Event event, ServiceState service) {
        PartnerSession link = service.servingLink();
        if (link == null) {
            service.meters().notConnected();
        } else {
            link.notify(event, guest.vmId());
        }
    }

    /** The verdict when a queue is full: DENY if any service protecting the VM fails closed. */
    static Decision defaultDecision(ServiceState[] services) {
        for (ServiceState service : services) {
            if (service.failureDecision() == Decision.DENY) {
                return Decision.DENY;
            }
        }
        return Decision.ALLOW;
    }
}
