package io.interpose.host.mux;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.VerdictSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The MUX's meters, looked up once per VM and per service and then kept, so that the event path
 * only increments. Names (Prometheus form): {@code interpose_mux_events_received_total{vm,type}},
 * {@code interpose_mux_events_forwarded_total{service}}, {@code interpose_mux_verdicts_total{service,decision,source}},
 * {@code interpose_mux_guest_verdicts_total{vm,decision,source}}, {@code interpose_mux_verdict_latency_seconds{service}}
 * (histogram), {@code interpose_mux_verdict_timeouts_total{service}}, {@code interpose_mux_drops_total{reason,vm|service}},
 * {@code interpose_mux_frames_unknown_total{link}}, {@code interpose_mux_connections{link}}.
 */
final class MuxMetrics {

    private final MeterRegistry registry;
    private final Map<String, VmMeters> vms = new ConcurrentHashMap<>();
    private final Map<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final Counter unknownGuestFrames;
    private final Counter unknownPartnerFrames;

    MuxMetrics(MeterRegistry registry, Supplier<Number> guests, Supplier<Number> svms) {
        this.registry = registry;
        this.unknownGuestFrames = registry.counter("interpose.mux.frames.unknown", "link", "guest");
        this.unknownPartnerFrames = registry.counter("interpose.mux.frames.unknown", "link", "partner");
        Gauge.builder("interpose.mux.connections", guests).tag("link", "guest").register(registry);
        Gauge.builder("interpose.mux.connections", svms).tag("link", "partner").register(registry);
    }

    VmMeters vm(String vmId) {
        return vms.computeIfAbsent(vmId, VmMeters::new);
    }

    ServiceMeters service(String serviceId) {
        return services.computeIfAbsent(serviceId, ServiceMeters::new);
    }

    void unknownFrame(boolean guestLink) {
        (guestLink ? unknownGuestFrames : unknownPartnerFrames).increment();
    }

    /** The sources the MUX gives verdicts from (every known one but "unspecified" and the guest's own default). */
    private static final List<VerdictSource> MUX_SOURCES = Arrays.stream(VerdictSource.values())
            .filter(s -> s != VerdictSource.UNRECOGNIZED && s != VerdictSource.VERDICT_SOURCE_UNSPECIFIED
                    && s != VerdictSource.GUEST_DEFAULT).toList();

    private Counter[][] verdictCounters(String name, String tag, String value) {
        int sources = MUX_SOURCES.stream().mapToInt(VerdictSource::getNumber).max().orElse(0) + 1;
        Counter[][] counters = new Counter[Decision.DENY_VALUE + 1][sources];
        for (Decision d : new Decision[] {Decision.ALLOW, Decision.DENY}) {
            for (VerdictSource s : MUX_SOURCES) {
                counters[d.getNumber()][s.getNumber()] = registry.counter(name, tag, value, "decision", d.name(),
                        "source", s.name());
            }
        }
        return counters;
    }

    /** The meters of one VM. */
    final class VmMeters {
        private final String vmId;
        private final Counter[] received = new Counter[64];
        private final Counter[][] verdicts;
        private final Counter pendingFull;
        private final Counter noSubscriber;
        private final Counter guestQueueFull;

        private VmMeters(String vmId) {
            this.vmId = vmId;
            this.verdicts = verdictCounters("interpose.mux.guest.verdicts", "vm", vmId);
            this.pendingFull = drop("vm_pending_full");
            this.noSubscriber = drop("no_subscriber");
            this.guestQueueFull = drop("guest_queue_full");
        }

        private Counter drop(String reason) {
            return registry.counter("interpose.mux.drops", "reason", reason, "vm", vmId);
        }

        void received(int type) {
            if (type >= 0 && type < received.length) {
                Counter c = received[type];
                if (c == null) {
                    c = receivedCounter(type);
                    received[type] = c;
                }
                c.increment();
            } else {
                receivedCounter(type).increment();
            }
        }

        private Counter receivedCounter(int type) {
            EventType known = EventType.forNumber(type);
            return registry.counter("interpose.mux.events.received", "vm", vmId, "type",
                    known == null ? Integer.toString(type) : known.name());
        }

        void verdict(Decision decision, VerdictSource source) {
            verdicts[decision.getNumber()][source.getNumber()].increment();
        }

        void pendingFull() {
            pendingFull.increment();
        }

        void noSubscriber() {
            noSubscriber.increment();
        }

        void guestQueueFull() {
            guestQueueFull.increment();
        }
    }

    /** The meters of one service. */
    final class ServiceMeters {
        private final String serviceId;
        private final Counter forwarded;
        private final Counter[][] verdicts;
        private final Timer latency;
        private final Counter timeouts;
        private final Counter queueFull;
        private final Counter ignoredVerdicts;
        private final Counter refused;
        private final Counter notConnected;

        private ServiceMeters(String serviceId) {
            this.serviceId = serviceId;
            this.forwarded = registry.counter("interpose.mux.events.forwarded", "service", serviceId);
            this.verdicts = verdictCounters("interpose.mux.verdicts", "service", serviceId);
            this.latency = Timer.builder("interpose.mux.verdict.latency").tag("service", serviceId)
                    .publishPercentileHistogram().register(registry);
            this.timeouts = registry.counter("interpose.mux.verdict.timeouts", "service", serviceId);
            this.queueFull = drop("svm_queue_full");
            this.ignoredVerdicts = drop("verdict_ignored");
            this.refused = drop("request_refused");
            this.notConnected = drop("svm_not_connected");
        }

        private Counter drop(String reason) {
            return registry.counter("interpose.mux.drops", "reason", reason, "service", serviceId);
        }

        void forwarded() {
            forwarded.increment();
        }

        void verdict(Decision decision, VerdictSource source, long latencyNanos) {
            verdicts[decision.getNumber()][source.getNumber()].increment();
            if (latencyNanos >= 0) {
                latency.record(latencyNanos, TimeUnit.NANOSECONDS);
            }
        }

        void timeout() {
            timeouts.increment();
        }

        void queueFull() {
            queueFull.increment();
        }

        void ignoredVerdict() {
            ignoredVerdicts.increment();
        }

        void notConnected() {
            notConnected.increment();
        }

        void refused() {
            refused.increment();
        }
    }
}
