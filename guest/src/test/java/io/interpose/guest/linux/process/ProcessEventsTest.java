package io.interpose.guest.linux.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import io.interpose.guest.linux.EventSink;
import io.interpose.guest.linux.ProcessLookup;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.ProcessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real process connector, with real child processes. Other processes on the machine report events
 * too: assertions look at the pids the test started. Needs root ({@code CAP_NET_ADMIN}; CI runs as root).
 */
class ProcessEventsTest {

    private static final Set<EventType> BOTH = Set.of(EventType.PROCESS_START, EventType.PROCESS_EXIT);

    private final List<ProcessEvents> started = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private final ProcfsLookup lookup = new ProcfsLookup();

    @BeforeEach
    void requireRoot() {
        assumeTrue(new UnixSystem().getUid() == 0, "the process connector needs CAP_NET_ADMIN");
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        started.forEach(ProcessEvents::close);
    }

    @Test
    void reportsTheStartAndTheExitCodeOfAProgramWithItsExecutable() throws Exception {
        RecordingSink sink = new RecordingSink(BOTH);
        start(sink);
        String shell = Path.of("/bin/sh").toRealPath().toString();
        Process child = run("/bin/sh", "-c", "read line; exit 3");

        await().until(() -> sink.with(EventType.PROCESS_START, child.pid()).stream()
                .anyMatch(e -> e.getProcess().getExecutable().equals(shell)));
        child.getOutputStream().close();
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

        Event exit = await().until(() -> sink.with(EventType.PROCESS_EXIT, child.pid()), events -> !events.isEmpty()).get(0);
        assertThat(exit.getProcessEvent().getExitCode()).isEqualTo(3);
        assertThat(exit.getProcessEvent().getSignal()).isZero();
        assertThat(exit.getProcess().getExecutable()).isEqualTo(shell);
        assertThat(exit.getTimeUnixNanos()).isPositive();
    }

    @Test
    void reportsTheSignalThatKilledAProcess() throws Exception {
        RecordingSink sink = new RecordingSink(BOTH);
        ProcessEvents events = start(sink);
        Process child = run("sleep", "30");

        await().until(() -> sink.with(EventType.PROCESS_START, child.pid()).stream()
                .anyMatch(e -> e.getProcess().getExecutable().endsWith("/sleep")));
        child.destroyForcibly();
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

        Event exit = await().until(() -> sink.with(EventType.PROCESS_EXIT, child.pid()), list -> !list.isEmpty()).get(0);
        assertThat(exit.getProcessEvent().getSignal()).isEqualTo(9);
        assertThat(exit.getProcessEvent().getExitCode()).isZero();
        assertThat(exit.getProcess().getExecutable()).endsWith("/sleep");
        assertThat(events.counters().starts()).isPositive();
        assertThat(events.counters().exits()).isPositive();
    }

    @Test
    void buildsNoStartWhenTheSinkDoesNotWantStarts() throws Exception {
        RecordingSink sink = new RecordingSink(Set.of(EventType.PROCESS_EXIT));
        ProcessEvents events = start(sink);
        Process child = run("true");
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

        await().until(() -> !sink.with(EventType.PROCESS_EXIT, child.pid()).isEmpty());
        assertThat(sink.events).noneMatch(e -> e.getType() == EventType.PROCESS_START);
        assertThat(events.counters().starts()).isZero();
    }

    @Test
    void buildsNoExitWhenTheSinkDoesNotWantExits() throws Exception {
        RecordingSink sink = new RecordingSink(Set.of(EventType.PROCESS_START));
        ProcessEvents events = start(sink);
        Process child = run("true");
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Process marker = run("true");

        // events are handled in the order they happened: the marker started after the child ended
        await().until(() -> !sink.with(EventType.PROCESS_START, marker.pid()).isEmpty());
        assertThat(sink.with(EventType.PROCESS_START, child.pid())).isNotEmpty();
        assertThat(sink.events).noneMatch(e -> e.getType() == EventType.PROCESS_EXIT);
        assertThat(events.counters().exits()).isZero();
    }

    @Test
    void doesNotReportThreadsAsProcesses() throws Exception {
        RecordingSink sink = new RecordingSink(BOTH);
        start(sink);
        AtomicInteger threadId = new AtomicInteger();
        Thread thread = new Thread(() -> threadId.set(ownThreadId()));
        thread.start();
        thread.join();
        Path task = Path.of("/proc/self/task/" + threadId.get());
        await().until(() -> !Files.exists(task));
        Process marker = run("true");
        assertThat(marker.waitFor(5, TimeUnit.SECONDS)).isTrue();

        await().until(() -> !sink.with(EventType.PROCESS_EXIT, marker.pid()).isEmpty());
        long ownPid = ProcessHandle.current().pid();
        assertThat(threadId.get()).isPositive().isNotEqualTo(ownPid);
        // neither as a process of its own, nor as the end of this (living) process
        assertThat(sink.events).noneMatch(e -> e.getProcess().getPid() == threadId.get() || e.getProcess().getPid() == ownPid);
    }

    @Test
    void countsEventsLostToAFullSocketBufferAndGoesOn() throws Exception {
        CountDownLatch slowConsumer = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink(BOTH) {
            @Override
            public boolean send(Event event) {
                awaitQuietly(slowConsumer);
                return super.send(event);
            }
        };
        // 64 KiB hold ~150 events: plenty for one process at a time, too few for a burst of 500 programs
        ProcessEvents events = start(sink, 64 * 1024);
        Process burst = run("/bin/sh", "-c", "i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i+1)); done");
        assertThat(burst.waitFor(10, TimeUnit.SECONDS)).isTrue();

        slowConsumer.countDown();
        await().until(() -> events.counters().lost() > 0);
        Process after = run("true");
        assertThat(after.waitFor(5, TimeUnit.SECONDS)).isTrue();
        await().until(() -> !sink.with(EventType.PROCESS_EXIT, after.pid()).isEmpty());
    }

    @Test
    void closeReturnsPromptlyAndNothingIsSentAfterIt() throws Exception {
        RecordingSink closedSink = new RecordingSink(BOTH);
        ProcessEvents closed = start(closedSink);
        RecordingSink openSink = new RecordingSink(BOTH);
        start(openSink);

        long before = System.nanoTime();
        closed.close();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        int sentBeforeClose = closedSink.events.size();
        Process child = run("true");
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

        await().until(() -> !openSink.with(EventType.PROCESS_EXIT, child.pid()).isEmpty());
        assertThat(closedSink.events).hasSize(sentBeforeClose);
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("guest-proc-events"))).hasSize(1);
    }

    private ProcessEvents start(EventSink sink) throws IOException {
        return start(sink, ProcConnector.RECEIVE_BUFFER_BYTES);
    }

    private ProcessEvents start(EventSink sink, int receiveBufferBytes) throws IOException {
        ProcessEvents events = ProcessEvents.start(lookup, sink, Clock.systemUTC(), receiveBufferBytes);
        started.add(events);
        return events;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        children.add(process);
        return process;
    }

    /** The kernel's id of the calling thread ({@code /proc/thread-self} is {@code <pid>/task/<tid>}). */
    private static int ownThreadId() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wants a fixed set of types and keeps what it is sent. */
    private static class RecordingSink implements EventSink {
        final List<Event> events = new CopyOnWriteArrayList<>();
        private final Set<EventType> wanted;

        RecordingSink(Set<EventType> wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean wants(EventType type) {
            return wanted.contains(type);
        }

        @Override
        public boolean send(Event event) {
            events.add(event);
            return true;
        }

        List<Event> with(EventType type, long pid) {
            return events.stream().filter(e -> e.getType() == type && e.getProcess().getPid() == pid).toList();
        }
    }

    /** The executable and parent from procfs; empty once the process is gone. */
    private static final class ProcfsLookup implements ProcessLookup {
        @Override
        public Optional<ProcessContext> process(int pid) {
            try {
                String executable = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
                return Optional.of(ProcessContext.newBuilder().setPid(pid).setExecutable(executable).build());
            } catch (IOException | UnsupportedOperationException gone) {
                return Optional.empty();
            }
        }
    }
}
