package io.interpose.guest.linux.login;

import static io.interpose.guest.linux.login.UtmpWriter.login;
import static io.interpose.guest.linux.login.UtmpWriter.logout;
import static io.interpose.guest.linux.login.UtmpWriter.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.UserEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins and logouts read from a binary utmp file built record by record (no logind directory). */
class UtmpLoginsTest {

    private static final Map<String, Integer> USERS = Map.of("root", 0, "alice", 1000, "bob", 1001);
    private static final byte[] NO_ADDRESS = new byte[0];

    @TempDir
    Path dir;
    private UtmpWriter utmp;
    private RecordingSink sink;
    private ScheduledExecutorService scheduler;
    private LoginWatcher watcher;

    @BeforeEach
    void setUp() throws IOException {
        utmp = new UtmpWriter(dir.resolve("utmp"));
        utmp.write(record(UtmpWriter.BOOT_TIME, 0, "~", "~~", "reboot", "6.12.0", NO_ADDRESS),
                record(UtmpWriter.LOGIN_PROCESS, 510, "tty1", "tty1", "LOGIN", "", NO_ADDRESS));
        sink = RecordingSink.wantingLogins();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        scheduler.shutdownNow();
    }

    private void start(RecordingSink to) {
        watcher = LoginWatcher.start(dir.resolve("no-logind"), utmp.path(), to,
                name -> USERS.containsKey(name) ? OptionalInt.of(USERS.get(name)) : OptionalInt.empty(), scheduler,
                Duration.ofHours(1), Clock.fixed(Instant.parse("2025-06-24T10:15:30Z"), ZoneOffset.UTC));
    }

    @Test
    void aUserProcessRecordIsALoginAndItsDeadProcessRewriteALogout() throws IOException {
        start(sink);
        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.UTMP);

        utmp.append(login(2001, "pts/0", "alice", "192.0.2.10"));
        watcher.poll();
        Event loginEvent = single(sink.take());
        assertThat(loginEvent.getType()).isEqualTo(EventType.USER_LOGIN);
        assertThat(loginEvent.getUser()).isEqualTo(UserEvent.newBuilder().setUserName("alice").setUid(1000)
                .setSessionId("2001").setTerminal("pts/0").setRemoteAddress("192.0.2.10").build());

        utmp.rewrite(2, logout(2001, "pts/0"));
        watcher.poll();
        Event logoutEvent = single(sink.take());
        assertThat(logoutEvent.getType()).isEqualTo(EventType.USER_LOGOUT);
        assertThat(logoutEvent.getUser()).isEqualTo(loginEvent.getUser());
        assertThat(watcher.current()).isEmpty();
    }

    @Test
    void loginsThereAtStartAreCurrentButNotReported() throws IOException {
        utmp.append(login(900, "tty1", "root", ""));
        start(sink);
        watcher.poll();

        assertThat(sink.take()).isEmpty();
        assertThat(watcher.current()).containsExactly(new UserSession("900", "root", 0, "tty1", ""));
    }

    @Test
    void bootLoginProcessAndDeadRecordsAreNoSessions() throws IOException {
        utmp.append(record(UtmpWriter.INIT_PROCESS, 400, "", "si", "", "", NO_ADDRESS));
        utmp.append(logout(401, "pts/4"));
        start(sink);

        assertThat(watcher.current()).isEmpty();
    }

    @Test
    void aTruncatedTailIsIgnoredUntilTheRecordIsWhole() throws IOException {
        start(sink);
        byte[] record = login(2002, "pts/1", "bob", "198.51.100.7");

        utmp.append(Arrays.copyOf(record, 200));
        watcher.poll();
        assertThat(sink.take()).isEmpty();

        utmp.append(Arrays.copyOfRange(record, 200, record.length));
        watcher.poll();
        assertThat(single(sink.take()).getUser().getUserName()).isEqualTo("bob");
    }

    @Test
    void aSlotTakenOverByAnotherLoginIsALogoutThenALogin() throws IOException {
        utmp.append(login(2001, "pts/0", "alice", ""));
        start(sink);

        utmp.rewrite(2, login(2050, "pts/0", "bob", ""));
        watcher.poll();

        List<Event> events = sink.take();
        assertThat(events).extracting(Event::getType).containsExactly(EventType.USER_LOGOUT, EventType.USER_LOGIN);
        assertThat(events).extracting(event -> event.getUser().getUserName()).containsExactly("alice", "bob");
    }

    @Test
    void theAddressIsTakenFromUtAddrWhenThereIsNoHostAndAnXDisplayIsLocal() throws IOException {
        start(sink);

        utmp.append(record(UtmpWriter.USER_PROCESS, 3001, "pts/3", "ts/3", "alice", "", new byte[] {(byte) 203, 0, 113, 9}));
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) 0xb8;
        v6[15] = 1;
        utmp.append(record(UtmpWriter.USER_PROCESS, 3002, "pts/4", "ts/4", "alice", "", v6));
        utmp.append(record(UtmpWriter.USER_PROCESS, 3003, ":0", ":0", "alice", ":0", NO_ADDRESS));
        watcher.poll();

        assertThat(sink.take()).extracting(event -> event.getUser().getRemoteAddress())
                .containsExactly("203.0.113.9", "2001:db8:0:0:0:0:0:1", "");
    }

    @Test
    void aUserWithoutAUidGetsTheUnknownUid() throws IOException {
        start(sink);

        utmp.append(login(4000, "pts/9", "ghost", ""));
        watcher.poll();

        assertThat(single(sink.take()).getUser().getUid()).isEqualTo(UserSession.UNKNOWN_UID);
    }

    @Test
    void nothingIsSentWhenTheSinkWantsNoLogins() throws IOException {
        RecordingSink uninterested = RecordingSink.wantingNothing();
        start(uninterested);

        utmp.append(login(2001, "pts/0", "alice", ""));
        watcher.poll();

        assertThat(uninterested.asked()).containsExactly(EventType.USER_LOGIN);
        assertThat(uninterested.take()).isEmpty();
        assertThat(watcher.current()).hasSize(1);
    }

    private static Event single(List<Event> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
