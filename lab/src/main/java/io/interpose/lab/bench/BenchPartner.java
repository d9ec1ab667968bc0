package io.interpose.lab.bench;

import io.interpose.protocol.gi.EventType;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The trivial partner of the benchmark: decides {@code FILE_OPEN} (allows everything at once), is notified of
 * {@code FILE_CLOSE_WRITE} (counts them), and remembers which VMs it was told it protects. Thread-safe.
 */
final class BenchPartner implements GuestIntrospectionService {

    static final EventType DECIDED = EventType.FILE_OPEN;
    static final EventType NOTIFIED = EventType.FILE_CLOSE_WRITE;

    private final LongAdder notifications = new LongAdder();
    private final LongAdder verdicts = new LongAdder();
    private final Set<String> protectedVms = ConcurrentHashMap.newKeySet();
    private volatile Duration cacheTtl = Duration.ZERO;

    @Override
    public List<Subscription> subscriptions() {
        return List.of(Subscription.decide(DECIDED), Subscription.notify(NOTIFIED));
    }

    @Override
    public void onEvent(GuestEvent event, ServiceContext context) {
        if (event.awaitsVerdict()) {
            event.allow(cacheTtl);
            verdicts.increment();
        } else {
            notifications.increment();
        }
    }

    @Override
    public void onProtected(ProtectedVm vm, ServiceContext context) {
        protectedVms.add(vm.vmId());
    }

    @Override
    public void onUnprotected(ProtectedVm vm, ServiceContext context) {
        protectedVms.remove(vm.vmId());
    }

    /** The cache hint of every allow from now on (zero: none). */
    void cacheTtl(Duration ttl) {
        cacheTtl = ttl;
    }

    long notifications() {
        return notifications.sum();
    }

    long verdicts() {
        return verdicts.sum();
    }

    int protectedVms() {
        return protectedVms.size();
    }
}
