package io.interpose.guest.linux.login;

import static io.interpose.guest.linux.login.LogindDirectory.sshSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.UserEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins and logouts read from systemd-logind session files, written in a temporary directory as logind
 * writes them; the test polls by hand (the scheduled poll is an hour away).
 */
class LogindLoginsTest {

    private static final Instant NOW = Instant.parse("2025-06-24T10:15:30.123456789Z");

    @TempDir
    Path dir;
    private LogindDirectory logind;
    private UtmpWriter utmp;
    private RecordingSink sink;
    private ScheduledExecutorService scheduler;
    private LoginWatcher watcher;

    @BeforeEach
    void setUp() throws IOException {
        logind = new LogindDirectory(dir.resolve("sessions"));
        utmp = new UtmpWriter(dir.resolve("utmp"));
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

    private LoginWatcher start(RecordingSink to) {
        watcher = LoginWatcher.start(logind.path(), utmp.path(), to, name -> OptionalInt.of(4000), scheduler,
                Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        return watcher;
    }

    @Test
    void sessionsThereAtStartAreCurrentButNotLogins() throws IOException {
        logind.save("1", sshSession("1", "root", 0, "tty1", ""));
        logind.save("3", sshSession("3", "alice", 1000, "pts/0", "192.0.2.10"));

        start(sink).poll();

        assertThat(sink.take()).isEmpty();
        assertThat(watcher.current()).containsExactly(
                new UserSession("1", "root", 0, "tty1", ""),
                new UserSession("3", "alice", 1000, "pts/0", "192.0.2.10"));
        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.LOGIND);
    }

    @Test
    void aNewSessionIsALoginWithItsUserTerminalAndRemoteAddress() throws IOException {
        start(sink);

        logind.save("7", sshSession("7", "alice", 1000, "pts/2", "192.0.2.10"));
        watcher.poll();

        Event login = single(sink.take());
        assertThat(login.getType()).isEqualTo(EventType.USER_LOGIN);
        assertThat(login.getTimeUnixNanos()).isEqualTo(NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano());
        assertThat(login.getUser()).isEqualTo(UserEvent.newBuilder().setUserName("alice").setUid(1000)
                .setSessionId("7").setTerminal("pts/2").setRemoteAddress("192.0.2.10").build());
        watcher.poll();
        assertThat(sink.take()).as("an unchanged session is reported once").isEmpty();
    }

    @Test
    void aSessionThatEndsIsALogoutWithWhatItHadAtLogin() throws IOException {
        logind.save("3", sshSession("3", "alice", 1000, "pts/0", "192.0.2.10"));
        start(sink);

        logind.remove("3");
        watcher.poll();

        Event logout = single(sink.take());
        assertThat(logout.getType()).isEqualTo(EventType.USER_LOGOUT);
        assertThat(logout.getUser().getUserName()).isEqualTo("alice");
        assertThat(logout.getUser().getSessionId()).isEqualTo("3");
        assertThat(logout.getUser().getRemoteAddress()).isEqualTo("192.0.2.10");
        assertThat(watcher.current()).isEmpty();
    }

    @Test
    void aSessionLeftClosingIsOneLogoutAndItsRemovalNoSecond() throws IOException {
        Map<String, String> session = sshSession("4", "bob", 1001, "pts/1", "198.51.100.7");
        logind.save("4", session);
        start(sink);

        session.put("STATE", "closing");
        session.put("ACTIVE", "0");
        logind.save("4", session);
        watcher.poll();
        assertThat(single(sink.take()).getType()).isEqualTo(EventType.USER_LOGOUT);

        logind.remove("4");
        watcher.poll();
        assertThat(sink.take()).isEmpty();
    }

    @Test
    void greeterLockScreenBackgroundManagerAndIncompleteSessionsAreNotLogins() throws IOException {
        start(sink);
        List<String> classes = List.of("greeter", "lock-screen", "background", "background-light", "manager",
                "manager-early", "none", "user-incomplete");
        for (int i = 0; i < classes.size(); i++) {
            Map<String, String> session = sshSession("c" + i, "gdm", 120, "", "");
            session.put("CLASS", classes.get(i));
            logind.save("c" + i, session);
        }

        watcher.poll();

        assertThat(sink.take()).isEmpty();
        assertThat(watcher.current()).isEmpty();
    }

    @Test
    void anIncompleteSessionLogsInWhenLogindMakesItAUserSession() throws IOException {
        Map<String, String> session = sshSession("9", "carol", 1002, "tty3", "");
        session.put("CLASS", "user-incomplete");
        logind.save("9", session);
        start(sink);

        session.put("CLASS", "user");
        logind.save("9", session);
        watcher.poll();

        Event login = single(sink.take());
        assertThat(login.getType()).isEqualTo(EventType.USER_LOGIN);
        assertThat(login.getUser().getTerminal()).isEqualTo("tty3");
    }

    @Test
    void earlyAndLightUserSessionsAreLogins() throws IOException {
        start(sink);
        for (String sessionClass : List.of("user-early", "user-light", "user-early-light")) {
            Map<String, String> session = sshSession(sessionClass.replace("-", ""), "root", 0, "tty1", "");
            session.put("CLASS", sessionClass);
            logind.save(sessionClass.replace("-", ""), session);
        }

        watcher.poll();

        assertThat(sink.take()).extracting(Event::getType).containsOnly(EventType.USER_LOGIN).hasSize(3);
    }

    @Test
    void temporaryFilesAndTheSessionFifoAreNeverRead() throws Exception {
        start(sink);
        logind.writeInPlace(".#5XyZ123", LogindDirectory.text(sshSession("5", "mallory", 1003, "pts/5", "")));
        Path fifo = logind.path().resolve("5.ref");
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        assertThat(Files.exists(fifo)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> watcher.poll(), "opening the FIFO would block");

        assertThat(sink.take()).isEmpty();
    }

    @Test
    void anUnfinishedFileIsNoLoginYetAndForAKnownSessionNoLogout() throws IOException {
        logind.save("3", sshSession("3", "alice", 1000, "pts/0", ""));
        start(sink);
        String whole = LogindDirectory.text(sshSession("8", "dave", 1004, "pts/8", "198.51.100.7"));

        logind.writeInPlace("8", whole.substring(0, whole.indexOf("198.51.100.7") + 5));
        logind.writeInPlace("3", "# This is private data. Do not parse.\nUID=10");
        watcher.poll();
        assertThat(sink.take()).as("a file cut mid-line, and one without USER and CLASS").isEmpty();
        assertThat(watcher.current()).extracting(UserSession::id).containsExactly("3");

        logind.save("8", sshSession("8", "dave", 1004, "pts/8", "198.51.100.7"));
        watcher.poll();
        assertThat(single(sink.take()).getUser().getRemoteAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void anEscapedRemoteHostIsUnescaped() throws IOException {
        start(sink);

        logind.save("6", sshSession("6", "erin", 1005, "pts/6", "h\\xc3\\xb6st\\\\lab"));
        watcher.poll();

        assertThat(single(sink.take()).getUser().getRemoteAddress()).isEqualTo("höst\\lab");
    }

    @Test
    void nothingIsSentWhenTheSinkWantsNoLogins() throws IOException {
        RecordingSink uninterested = RecordingSink.wantingNothing();
        logind.save("3", sshSession("3", "alice", 1000, "pts/0", ""));
        start(uninterested);

        logind.remove("3");
        logind.save("4", sshSession("4", "bob", 1001, "pts/1", ""));
        watcher.poll();

        assertThat(uninterested.asked()).containsExactly(EventType.USER_LOGOUT, EventType.USER_LOGIN);
        assertThat(uninterested.take()).isEmpty();
        assertThat(watcher.current()).extracting(UserSession::id).containsExactly("4");
    }

    @Test
    void logindIsReadWhenBothSourcesExist() throws IOException {
        utmp.write(UtmpWriter.login(100, "pts/0", "alice", "192.0.2.10"));
        start(sink);

        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.LOGIND);
        assertThat(watcher.current()).isEmpty();
    }

    @Test
    void withNoSourceTheWatcherIdlesAndSessionsAppearingLaterAreLogins() throws IOException {
        Files.delete(logind.path());
        start(sink);
        watcher.poll();
        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.NONE);
        assertThat(sink.take()).isEmpty();

        logind = new LogindDirectory(logind.path());
        logind.save("2", sshSession("2", "alice", 1000, "tty2", ""));
        watcher.poll();

        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.LOGIND);
        assertThat(single(sink.take()).getType()).isEqualTo(EventType.USER_LOGIN);
    }

    @Test
    void whenLogindAppearsAfterUtmpItsSessionsReplaceUtmpsWithoutEvents() throws IOException {
        Files.delete(logind.path());
        utmp.write(UtmpWriter.login(100, "pts/0", "alice", "192.0.2.10"));
        start(sink);
        assertThat(watcher.source()).isEqualTo(LoginWatcher.Source.UTMP);

        logind = new LogindDirectory(logind.path());
        logind.save("3", sshSession("3", "alice", 1000, "pts/0", "192.0.2.10"));
        watcher.poll();

        assertThat(sink.take()).isEmpty();
        assertThat(watcher.current()).extracting(UserSession::id).containsExactly("3");
    }

    private static Event single(List<Event> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
