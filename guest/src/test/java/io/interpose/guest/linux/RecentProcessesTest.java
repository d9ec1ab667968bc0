package io.interpose.guest.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.guest.linux.proc.ProcessIdentity;
import io.interpose.protocol.gi.ProcessContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentProcessesTest {

    private final Map<Integer, ProcessIdentity> running = new HashMap<>();
    private final AtomicInteger fullReads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final RecentProcesses recent = new RecentProcesses(pid -> {
        fullReads.incrementAndGet();
        ProcessIdentity identity = running.get(pid);
        return identity == null ? Optional.empty()
                : Optional.of(ProcessContext.newBuilder().setPid(pid).setExecutable(identity.executable()).build());
    }, pid -> Optional.ofNullable(running.get(pid)), now::get, 1_000, 2);

    @Test
    void theSameRunOfTheSameProgramIsReadInFullOnce() {
        running.put(42, new ProcessIdentity(42, 100, "/usr/bin/tar"));

        recent.process(42);
        Optional<ProcessContext> again = recent.process(42);

        assertThat(again.orElseThrow().getExecutable()).isEqualTo("/usr/bin/tar");
        assertThat(fullReads).hasValue(1);
    }

    @Test
    void anExecAReusedPidOrAnOldEntryIsReadAgain() {
        running.put(42, new ProcessIdentity(42, 100, "/usr/bin/bash"));
        recent.process(42);

        running.put(42, new ProcessIdentity(42, 100, "/tmp/dropper"));
        assertThat(recent.process(42).orElseThrow().getExecutable()).isEqualTo("/tmp/dropper");
        running.put(42, new ProcessIdentity(42, 200, "/tmp/dropper"));
        recent.process(42);
        now.addAndGet(1_000);
        recent.process(42);

        assertThat(fullReads).hasValue(4);
    }

    @Test
    void aProcessThatIsGoneIsForgottenAndTheCacheStaysBounded() {
        running.put(1, new ProcessIdentity(1, 1, "/a"));
        running.put(2, new ProcessIdentity(2, 1, "/b"));
        running.put(3, new ProcessIdentity(3, 1, "/c"));
        recent.process(1);
        recent.process(2);
        recent.process(3);
        running.remove(3);

        assertThat(recent.process(3)).isEmpty();
        recent.process(3);
        assertThat(fullReads).hasValue(5);
    }
}
