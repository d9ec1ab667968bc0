package io.interpose.guest.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.guest.link.FakeMux;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.OsFamily;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedGuestsTest {

    @TempDir
    Path dir;
    private FakeMux mux;
    private ScheduledExecutorService scheduler;
    private ExecutorService responders;
    private SimulatedGuests guests;

    @BeforeEach
    void start() throws Exception {
        mux = new FakeMux(dir.resolve("gi-guest.sock")).accepting(h -> h.getCredential().equals("cred-" + h.getVmId()))
                .interest(Interest.newBuilder().addDecide(EventType.FILE_OPEN).addNotify(EventType.SYSTEM_AGENT_START)
                        .addNotify(EventType.PROCESS_START).setVerdictDeadlineMs(500).build()).start();
        scheduler = Executors.newScheduledThreadPool(2);
        responders = Executors.newSingleThreadExecutor();
        guests = new SimulatedGuests(Clock.systemUTC(), scheduler, responders, 200);
    }

    @AfterEach
    void stop() throws Exception {
        guests.close();
        mux.stop();
        scheduler.shutdownNow();
        responders.shutdownNow();
    }

    @Test
    void everyStartedGuestConnectsSendsEventsAndIsListed() {
        guests.start("vm-a", "Debian GNU/Linux 12", mux.socket(), () -> "cred-vm-a");
        guests.start("vm-b", "Debian GNU/Linux 12", mux.socket(), () -> "cred-vm-b");

        await().until(() -> guests.statuses().stream().allMatch(s -> s.connected() && s.eventsSent() > 10));
        assertThat(guests.statuses()).extracting(GuestStatus::vmId).containsExactly("vm-a", "vm-b");
        assertThat(mux.eventCount(EventType.SYSTEM_AGENT_START)).isEqualTo(2);
        assertThat(mux.sessions()).extracting(s -> s.hello().getAgentName()).containsOnly("simulated-guest");
    }

    @Test
    void theVmsOsNameChoosesAWindowsOrALinuxGuest() {
        guests.start("vm-win", "Microsoft Windows Server 2022", mux.socket(), () -> "cred-vm-win");
        guests.start("vm-lin", "Debian GNU/Linux 12", mux.socket(), () -> "cred-vm-lin");

        await().until(() -> mux.sessions().size() == 2 && mux.sessions().stream().allMatch(s -> s.hello() != null));
        assertThat(mux.sessions()).filteredOn(s -> s.hello().getVmId().equals("vm-win")).singleElement().satisfies(s -> {
            assertThat(s.hello().getOsFamily()).isEqualTo(OsFamily.WINDOWS);
            assertThat(s.hello().getOsName()).isEqualTo("Microsoft Windows Server 2022");
            assertThat(s.hello().getCapabilitiesList()).contains(EventType.REGISTRY_SET_VALUE);
        });
        assertThat(mux.sessions()).filteredOn(s -> s.hello().getVmId().equals("vm-lin")).singleElement().satisfies(s -> {
            assertThat(s.hello().getOsFamily()).isEqualTo(OsFamily.LINUX);
            assertThat(s.hello().getCapabilitiesList()).doesNotContain(EventType.REGISTRY_SET_VALUE);
        });
        assertThat(guests.guest("vm-win").orElseThrow().osFamily()).isEqualTo(OsFamily.WINDOWS);
    }

    @Test
    void aRefusedGuestShowsWhyAndAStoppedOneIsGone() {
        guests.start("vm-a", "Debian GNU/Linux 12", mux.socket(), () -> "cred-vm-a");
        guests.start("vm-x", "Debian GNU/Linux 12", mux.socket(), () -> "wrong");

        await().until(() -> guests.guest("vm-x").orElseThrow().status().refusal().isPresent());
        assertThat(guests.guest("vm-x").orElseThrow().status().refusal().orElseThrow()).startsWith("AUTHENTICATION_FAILED");
        assertThat(guests.guest("vm-x").orElseThrow().status().connected()).isFalse();

        assertThat(guests.stop("vm-x")).isTrue();
        assertThat(guests.stop("vm-x")).isFalse();
        assertThat(guests.statuses()).extracting(GuestStatus::vmId).containsExactly("vm-a");
    }
}
