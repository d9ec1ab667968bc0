package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.EventType;
import io.interpose.sdk.GuestAgentStatus;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.LinkError;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.SessionInfo;
import io.interpose.sdk.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A service for the SDK's tests: denies paths under /secret, allows the rest, and records every callback. */
class RecordingService implements GuestIntrospectionService {
    final List<GuestEvent> events = new CopyOnWriteArrayList<>();
    final List<String> protectionLog = new CopyOnWriteArrayList<>();
    final List<GuestAgentStatus> guestStatuses = new CopyOnWriteArrayList<>();
    final List<SessionInfo> sessions = new CopyOnWriteArrayList<>();
    final List<LinkError> disconnects = new CopyOnWriteArrayList<>();
    final List<String> callbackThreads = new CopyOnWriteArrayList<>();
    volatile boolean failOnEvents;

    @Override
    public List<Subscription> subscriptions() {
        return List.of(Subscription.decide(EventType.FILE_OPEN), Subscription.notify(EventType.PROCESS_START));
    }

    @Override
    public void onEvent(GuestEvent event, ServiceContext context) {
        callbackThreads.add(Thread.currentThread().getName());
        events.add(event);
        if (failOnEvents) {
            throw new IllegalStateException("the partner's code failed");
        }
        if (event.filePath().orElse("").startsWith("/secret")) {
            event.deny("secret");
        } else {
            event.allow(Duration.ofSeconds(30));
        }
    }

    @Override
    public void onProtected(ProtectedVm vm, ServiceContext context) {
        protectionLog.add("+" + vm.vmId() + ":" + vm.vendorTemplateKey());
    }

    @Override
    public void onUnprotected(ProtectedVm vm, ServiceContext context) {
        protectionLog.add("-" + vm.vmId());
    }

    @Override
    public void onGuestStatus(GuestAgentStatus status, ServiceContext context) {
        guestStatuses.add(status);
    }

    @Override
    public void onConnected(SessionInfo session, ServiceContext context) {
        sessions.add(session);
    }

    @Override
    public void onDisconnected(LinkError cause, ServiceContext context) {
        disconnects.add(cause);
    }
}
