package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.Decision;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Everything {@link EventsAndProtectionTest} proves, with {@code callbacksOnReaderThread()}; and that every
 * callback then runs on the reader thread.
 */
class ReaderThreadCallbacksTest extends EventsAndProtectionTest {

    @Override
    GuestIntrospectionClient.Builder configure(GuestIntrospectionClient.Builder builder) {
        return builder.callbacksOnReaderThread();
    }

    @Test
    void everyCallbackRunsOnTheReaderThread() {
        Verdict denied = mux.verdict(GuestEvents.fileOpen("vm-1", "/secret/key"), Duration.ofSeconds(10));
        Verdict allowed = mux.verdict(GuestEvents.fileOpen("vm-2", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(denied.decision()).isEqualTo(Decision.DENY);
        assertThat(allowed.decision()).isEqualTo(Decision.ALLOW);
        assertThat(service.callbackThreads).containsOnly("interpose-sdk-reader");
    }
}
