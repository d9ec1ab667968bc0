package io.interpose.host.mux;

import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestStatus;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Protection;
import io.interpose.protocol.gi.ProtectionSync.Builder;
import io.interpose.protocol.gi.Unprotection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps peers told: each SVM its protection set (in full after the Welcome, then as changes), each
 * guest its Interest and route. Every method runs under the switchboard's lock and only queues frames.
 * An SVM whose queue cannot take a control frame would fall out of step: it is disconnected
 * (OVERLOADED) and gets the full set when it reconnects.
 */
final class ProtectionSync {

    private static final Logger log = LoggerFactory.getLogger(ProtectionSync.class);
    /** Added to the longest service timeout so the MUX's answer reaches the guest before it gives up. */
    private static final long DEADLINE_MARGIN_MS = 100;

    private final Switchboard board;

    ProtectionSync(Switchboard board) {
        this.board = board;
    }

    void changed(ProtectionTable previous, ProtectionTable next) {
        for (PartnerSession svm : board.partners().values()) {
            if (svm.connection().open()) {
                protectionChanges(svm, previous, next);
            }
        }
        for (GuestSession guest : board.guests().values()) {
            refreshGuest(guest, next);
        }
    }

    private void protectionChanges(PartnerSession svm, ProtectionTable previous, ProtectionTable next) {
        String service = svm.service().id();
        for (String vmId : next.protectedBy(service).keySet()) {
            boolean connected = board.guests().containsKey(vmId);
            Optional<Protection> now = next.protection(service, vmId, connected);
            if (!now.equals(previous.protection(service, vmId, connected))) {
                send(svm, PartnerFrame.newBuilder().setProtection(now.orElseThrow()).build());
            }
        }
        for (String vmId : previous.protectedBy(service).keySet()) {
            if (!next.protects(service, vmId)) {
                send(svm, PartnerFrame.newBuilder().setUnprotection(Unprotection.newBuilder().setVmId(vmId)).build());
            }
        }
    }

    void partnerConnected(PartnerSession svm) {
        ProtectionTable table = board.table();
        String service = svm.service().id();
        Map<String, ?> protectedVms = table.protectedBy(service);
        for (String vmId : protectedVms.keySet()) {
            Protection protection = table.protection(service, vmId, board.guests().containsKey(vmId)).orElseThrow();
            send(svm, PartnerFrame.newBuilder().setProtection(protection).build());
        }
        Builder done = io.interpose.protocol.gi.ProtectionSync.newBuilder().setProtectedVms(protectedVms.size());
        send(svm, PartnerFrame.newBuilder().setProtectionSync(done).build());
    }

    void guestConnected(GuestSession guest) {
        refreshGuest(guest, board.table());
        guestStatus(guest, true);
    }

    void guestDisconnected(GuestSession guest) {
        guestStatus(guest, false);
    }

    void interestChanged(String serviceId) {
        ProtectionTable table = board.table();
        for (String vmId : table.protectedBy(serviceId).keySet()) {
            board.guest(vmId).ifPresent(guest -> guest.interest(interest(guest, table)));
        }
    }

    private void guestStatus(GuestSession guest, boolean connected) {
        GuestStatus.Builder status = GuestStatus.newBuilder().setVmId(guest.vmId()).setConnected(connected)
                .setAgentVersion(guest.hello().getAgentVersion()).addAllCapabilities(guest.hello().getCapabilitiesList());
        PartnerFrame frame = PartnerFrame.newBuilder().setGuestStatus(status).build();
        for (String serviceId : board.table().protectors(guest.vmId())) {
            for (PartnerSession svm : board.partners().values()) {
                if (svm.service().id().equals(serviceId)) {
                    send(svm, frame);
                }
            }
        }
    }

    private void refreshGuest(GuestSession guest, ProtectionTable table) {
        List<String> protectors = table.protectors(guest.vmId());
        guest.route(protectors.stream().map(board::service).toArray(ServiceState[]::new));
        guest.interest(interest(guest, table));
    }

    /** The union of the subscriptions of the services protecting the guest's VM (DECIDE wins). */
    Interest interest(GuestSession guest, ProtectionTable table) {
        Set<Integer> capabilities = guest.capabilities();
        TreeSet<Integer> notify = new TreeSet<>();
        TreeSet<Integer> decide = new TreeSet<>();
        long longestMs = 0;
        for (ServiceState service : guest.route()) {
            for (Map.Entry<Integer, Integer> s : service.subscriptions().byType().entrySet()) {
                if (capabilities.isEmpty() || capabilities.contains(s.getKey())) {
                    (s.getValue() == Subscriptions.DECIDE ? decide : notify).add(s.getKey());
                }
            }
            if (service.subscriptions().decides()) {
                long defaultMs = board.router().defaultTimeoutMillis();
                longestMs = Math.max(longestMs, service.timeoutNanos(defaultMs * 1_000_000L) / 1_000_000L);
            }
        }
        notify.removeAll(decide);
        Interest.Builder interest = Interest.newBuilder().addAllNotifyValue(notify).addAllDecideValue(decide)
                .setDefaultDecision(EventRouter.defaultDecision(guest.route()));
        if (!decide.isEmpty()) {
            interest.setVerdictDeadlineMs((int) (longestMs + DEADLINE_MARGIN_MS));
        }
        return interest.build();
    }

    private static void send(PartnerSession svm, PartnerFrame frame) {
        if (!svm.send(frame) && svm.connection().open()) {
            log.warn("Closing {}: its queue cannot take protection updates", svm.connection().peer());
            svm.connection().abort(GoodbyeReason.OVERLOADED);
        }
    }
}
