package io.interpose.guest.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessListQuery;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.ConnectionListQuery;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ResultCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Windows simulated guest: its hello, its Windows state, and its registry events. */
class WindowsGuestTest {

    private static final String OS_NAME = "Microsoft Windows Server 2022";
    private static final Interest FILES_ONLY = Interest.newBuilder().addDecide(EventType.FILE_OPEN)
            .addNotify(EventType.FILE_CLOSE_WRITE).addNotify(EventType.SYSTEM_AGENT_START)
            .setVerdictDeadlineMs(2_000).setDefaultDecision(Decision.ALLOW).build();
    private static final Interest WITH_REGISTRY = FILES_ONLY.toBuilder().addDecide(EventType.REGISTRY_SET_VALUE)
            .addNotify(EventType.REGISTRY_CREATE_KEY).addNotify(EventType.REGISTRY_DELETE_KEY)
            .addNotify(EventType.REGISTRY_DELETE_VALUE).build();

    @TempDir
    Path dir;
    private GuestOnFakeMux fixture;
    private FakeMux mux;
    private SimulatedGuest guest;

    @BeforeEach
    void start() throws Exception {
        fixture = new GuestOnFakeMux(dir, FILES_ONLY, (socket, credential) -> GuestLinkConfig.windows(socket, "vm-win", credential, OS_NAME), 7);
        mux = fixture.mux;
        guest = fixture.guest;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private void run(int operations) {
        fixture.run(operations);
    }

    private void askFor(Interest interest) {
        mux.interest(interest);
        await().until(() -> guest.link().interest().interest().equals(interest));
    }

    private GuestRegistry registry() {
        return guest.vm().registry.orElseThrow();
    }

    private static String text(Event event) {
        return event.getRegistry().getValueData().toString(StandardCharsets.UTF_16LE);
    }

    @Test
    void itAnnouncesWindowsItsOsNameAndRegistryCapabilities() {
        GuestHello hello = mux.sessions().get(0).hello();

        assertThat(hello.getOsFamily()).isEqualTo(OsFamily.WINDOWS);
        assertThat(hello.getOsName()).isEqualTo(OS_NAME);
        assertThat(hello.getCapabilitiesList()).contains(EventType.REGISTRY_CREATE_KEY, EventType.REGISTRY_SET_VALUE,
                EventType.REGISTRY_DELETE_KEY, EventType.REGISTRY_DELETE_VALUE, EventType.FILE_OPEN, EventType.USER_LOGIN);
        assertThat(guest.osFamily()).isEqualTo(OsFamily.WINDOWS);
    }

    @Test
    void itsStateIsWindowsLike() throws Exception {
        ProcessContext shell = mux.session().orElseThrow().query(Query.newBuilder()
                .setProcessList(ProcessListQuery.getDefaultInstance()).build()).get(5, TimeUnit.SECONDS)
                .getProcessList().getProcessesList().stream().filter(p -> p.getExecutable().endsWith("powershell.exe"))
                .findFirst().orElseThrow();
        assertThat(shell.getUserName()).isEqualTo("LAB\\alice");
        assertThat(shell.getWorkingDirectory()).isEqualTo("C:\\Users\\alice");
        assertThat(shell.getAncestorsList()).extracting(ProcessAncestor::getExecutable)
                .containsExactly("C:\\Windows\\explorer.exe", "C:\\Windows\\System32\\winlogon.exe",
                        "C:\\Windows\\System32\\smss.exe", "System");
        assertThat(mux.session().orElseThrow().query(Query.newBuilder().setConnectionList(ConnectionListQuery.getDefaultInstance())
                .build()).get(5, TimeUnit.SECONDS).getConnectionList().getConnectionsList())
                .anyMatch(c -> c.getLocalPort() == 3389 && c.getState().equals("LISTEN"));
        assertThat(mux.session().orElseThrow().query(Query.newBuilder().setFileHash(FileHashQuery.newBuilder()
                .setPath("C:\\Users\\alice\\Downloads\\eicar.com")).build()).get(5, TimeUnit.SECONDS).getStatus().getCode())
                .isEqualTo(ResultCode.OK);

        run(300);

        assertThat(mux.events()).filteredOn(Event::hasFile).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFile().getFile().getPath()).startsWith("C:\\"));
    }

    @Test
    void registryEventsAreSentOnlyWhenTheInterestAsksForThem() {
        run(300);

        assertThat(mux.events()).extracting(Event::getType).noneMatch(t -> t.name().startsWith("REGISTRY_"));
        assertThat(registry().valueNames("HKCU\\Software\\Contoso\\ERP\\Settings"))
                .as("operations not asked about still happen").anyMatch(name -> name.startsWith("Setting"));

        askFor(WITH_REGISTRY);
        run(300);

        assertThat(mux.events()).extracting(Event::getType).contains(EventType.REGISTRY_SET_VALUE,
                EventType.REGISTRY_CREATE_KEY, EventType.REGISTRY_DELETE_VALUE);
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.REGISTRY_SET_VALUE)
                .allMatch(Event::getAwaitsVerdict)
                .allSatisfy(e -> assertThat(e.getRegistry().getKeyPath()).startsWith("HK"))
                .anySatisfy(e -> assertThat(e.getRegistry().getKeyPath()).endsWith("\\CurrentVersion\\Run"));
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.REGISTRY_CREATE_KEY).noneMatch(Event::getAwaitsVerdict);
    }

    @Test
    void aDeniedRunKeyWriteLeavesTheRegistryUnchangedAndIsRecorded() {
        askFor(WITH_REGISTRY);
        mux.rule(e -> Optional.of(e.getType() == EventType.REGISTRY_SET_VALUE
                && e.getRegistry().getKeyPath().endsWith("\\Run") ? Decision.DENY : Decision.ALLOW));

        run(400);

        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.REGISTRY_SET_VALUE
                && e.getRegistry().getKeyPath().endsWith("\\Run")).isNotEmpty()
                .allSatisfy(e -> assertThat(text(e)).matches("C:\\\\Users\\\\alice\\\\(Downloads|AppData\\\\Local\\\\Temp)\\\\.*\\.exe\0"));
        await().until(() -> guest.denials().stream().anyMatch(d -> d.type() == EventType.REGISTRY_SET_VALUE));
        assertThat(guest.denials()).filteredOn(d -> d.type() == EventType.REGISTRY_SET_VALUE)
                .allSatisfy(d -> {
                    assertThat(d.subject()).contains("\\CurrentVersion\\Run\\Updater");
                    assertThat(d.why()).startsWith("MUX: SERVICES");
                });
        assertThat(registry().valueNames(GuestRegistry.HKLM_RUN)).containsExactly("SecurityHealth");
        assertThat(registry().valueNames(GuestRegistry.HKCU_RUN)).isEmpty();
        assertThat(registry().valueNames("HKLM\\Software\\Contoso\\ERP")).as("allowed writes happened")
                .anyMatch(name -> name.startsWith("Setting"));
    }
}
