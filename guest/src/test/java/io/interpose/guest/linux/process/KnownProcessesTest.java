package io.interpose.guest.linux.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessContext;
import org.junit.jupiter.api.Test;

class KnownProcessesTest {

    private final KnownProcesses known = new KnownProcesses(3);

    @Test
    void dropsTheOldestBeyondItsCapacity() {
        for (int pid = 1; pid <= 4; pid++) {
            known.remember(process(pid, "/bin/p" + pid));
        }

        assertThat(known.size()).isEqualTo(3);
        assertThat(known.get(1)).isEmpty();
        assertThat(known.get(4)).contains(process(4, "/bin/p4"));
    }

    @Test
    void rememberingAgainMakesAnEntryTheNewest() {
        known.remember(process(1, "/bin/a"));
        known.remember(process(2, "/bin/b"));
        known.remember(process(3, "/bin/c"));
        known.remember(process(1, "/bin/d"));
        known.remember(process(4, "/bin/e"));

        assertThat(known.get(2)).isEmpty();
        assertThat(known.get(1)).map(ProcessContext::getExecutable).contains("/bin/d");
    }

    @Test
    void forgetsAtExit() {
        known.remember(process(1, "/bin/a"));

        assertThat(known.forget(1)).isPresent();
        assertThat(known.forget(1)).isEmpty();
    }

    @Test
    void aForkedChildRunsItsParentsProgramWithTheParentFirstAmongItsAncestors() {
        ProcessAncestor init = ProcessAncestor.newBuilder().setPid(1).setExecutable("/sbin/init").build();
        known.remember(process(10, "/bin/bash").toBuilder().setPpid(1).setStartTimeUnixNanos(5).addAncestors(init).build());

        known.forked(10, 11);

        ProcessContext child = known.get(11).orElseThrow();
        assertThat(child.getPid()).isEqualTo(11);
        assertThat(child.getPpid()).isEqualTo(10);
        assertThat(child.getExecutable()).isEqualTo("/bin/bash");
        assertThat(child.getStartTimeUnixNanos()).isZero();
        assertThat(child.getAncestorsList()).extracting(ProcessAncestor::getPid).containsExactly(10, 1);
        assertThat(child.getAncestors(0).getStartTimeUnixNanos()).isEqualTo(5);
    }

    @Test
    void aChildOfAnUnknownParentIsNotRemembered() {
        known.forked(10, 11);

        assertThat(known.get(11)).isEmpty();
    }

    @Test
    void keepsAtMostSixteenAncestors() {
        ProcessContext.Builder parent = process(100, "/bin/sh").toBuilder();
        for (int pid = 99; pid > 80; pid--) {
            parent.addAncestors(ProcessAncestor.newBuilder().setPid(pid));
        }
        known.remember(parent.build());

        known.forked(100, 101);

        assertThat(known.get(101).orElseThrow().getAncestorsCount()).isEqualTo(KnownProcesses.MAX_ANCESTORS);
    }

    private static ProcessContext process(int pid, String executable) {
        return ProcessContext.newBuilder().setPid(pid).setExecutable(executable).build();
    }
}
