package io.interpose.guest.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamesTest {

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            # a comment
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
            alice2:x:1000:1000:second line for the same uid:/home/alice2:/bin/bash
            +nis::::::
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            """;

    @TempDir
    Path dir;

    private final Queue<Runnable> refresher = new ArrayDeque<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void namesComeFromTheFileAndUnknownUidsAreTheirNumber() throws Exception {
        UserNames names = UserNames.load(passwd(PASSWD), refresher::add, clock);

        assertThat(names.name(0)).isEqualTo("root");
        assertThat(names.name(1000)).as("the first line for a uid").isEqualTo("alice");
        assertThat(names.name(65534)).isEqualTo("nobody");
        assertThat(names.name(4242)).isEqualTo("4242");
        assertThat(names.name(-1)).as("uid 4294967295").isEqualTo("4294967295");
    }

    @Test
    void aNewUserAppearsOnceTheRefresherHasRunAndNeverOnTheCallersThread() throws Exception {
        Path file = passwd(PASSWD);
        UserNames names = UserNames.load(file, refresher::add, clock);
        Files.writeString(file, PASSWD + "bob:x:2000:2000::/home/bob:/bin/sh\n");

        assertThat(names.name(2000)).as("before the reload").isEqualTo("2000");
        assertThat(names.name(2000)).isEqualTo("2000");
        assertThat(refresher).as("one check in flight at most").hasSize(1);

        refresher.poll().run();

        assertThat(names.name(2000)).isEqualTo("bob");
        assertThat(names.name(0)).isEqualTo("root");
    }

    @Test
    void aRenamedUserIsSeenAfterTheCheckIntervalWhenTheFileChanged() throws Exception {
        Path file = passwd(PASSWD);
        UserNames names = UserNames.load(file, refresher::add, clock);
        Files.writeString(file, PASSWD.replace("alice:", "alicia:").replace("alice2:", "alicia2:"));

        assertThat(names.name(1000)).isEqualTo("alice");
        assertThat(refresher).as("a known uid within the interval schedules nothing").isEmpty();

        clock.advance(UserNames.CHECK_INTERVAL);
        assertThat(names.name(1000)).isEqualTo("alice");
        refresher.poll().run();

        assertThat(names.name(1000)).isEqualTo("alicia");
    }

    @Test
    void aFileThatCannotBeReadKeepsTheNamesItHadAndAMissingOneGivesNumbers() throws Exception {
        Path file = passwd(PASSWD);
        UserNames names = UserNames.load(file, refresher::add, clock);
        clock.advance(Duration.ofSeconds(5));
        names.name(0);
        Files.delete(file);
        refresher.poll().run();

        assertThat(names.name(1000)).isEqualTo("alice");
        assertThat(UserNames.load(dir.resolve("absent"), refresher::add, clock).name(0)).isEqualTo("0");
    }

    @Test
    void fixedNamesAreNeverReloaded() {
        UserNames names = UserNames.of(Map.of(7, "seven"));

        assertThat(names.name(7)).isEqualTo("seven");
        assertThat(names.name(8)).isEqualTo("8");
    }

    private Path passwd(String text) throws Exception {
        return Files.writeString(dir.resolve("passwd"), text);
    }
}
