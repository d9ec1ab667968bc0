package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Measures the SDK's hot path over loopback TLS against the fake MUX: notification throughput and verdict
 * round trips (fake MUX -> SDK -> partner -> SDK -> fake MUX). Prints the numbers; asserts only that every
 * event arrived, never timings.
 */
class LoopbackBenchmarkTest {
    private static final int NOTIFICATIONS = 400_000;
    private static final int VERDICTS = 20_000;

    @Test
    void measuresNotificationThroughputAndVerdictLatency() throws Exception {
        CountDownLatch notified = new CountDownLatch(NOTIFICATIONS);
        GuestIntrospectionService trivial = new GuestIntrospectionService() {
            @Override
            public List<Subscription> subscriptions() {
                return List.of(Subscription.notify(EventType.PROCESS_START), Subscription.decide(EventType.FILE_OPEN));
            }

            @Override
            public void onEvent(GuestEvent event, ServiceContext context) {
                if (event.awaitsVerdict()) {
                    event.allow();
                } else {
                    notified.countDown();
                }
            }
        };
        try (FakeMux mux = FakeMux.start("host-1");
                GuestIntrospectionClient client = GuestIntrospectionClient.builder(mux.environment(), trivial).eventQueueCapacity(1_000_000).start()) {
            for (int vm = 0; vm < 8; vm++) {
                mux.protect("vm-" + vm, "BASIC", Map.of());
            }
            mux.awaitSubscribed(Duration.ofSeconds(10));

            double perSecond = notifications(mux, notified);
            long[] micros = verdicts(mux);

            assertThat(notified.getCount()).isZero();
            System.out.printf("SDK loopback benchmark: %.0f notification events/s; verdict round trip p50 %d us, p99 %d us (%d verdicts)%n",
                    perSecond, micros[micros.length / 2], micros[micros.length * 99 / 100], micros.length);
        }
    }

    private static double notifications(FakeMux mux, CountDownLatch notified) throws InterruptedException {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(GuestEvents.processStart("vm-" + (i % 8), i, "/usr/bin/true").toBuilder().setId(i).build());
        }
        long start = System.nanoTime();
        for (int sent = 0; sent < NOTIFICATIONS; sent += batch.size()) {
            mux.notifyAll(batch);
        }
        assertThat(notified.await(120, TimeUnit.SECONDS)).isTrue();
        return NOTIFICATIONS / ((System.nanoTime() - start) / 1e9);
    }

    private static long[] verdicts(FakeMux mux) throws Exception {
        Event open = GuestEvents.fileOpen("vm-1", "/etc/hosts");
        long[] micros = new long[VERDICTS];
        for (int i = 0; i < VERDICTS; i++) {
            long start = System.nanoTime();
            mux.decide(open).get(10, TimeUnit.SECONDS);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }
}
