package io.interpose.guest.linux.process;

import io.interpose.guest.linux.EventSink;
import io.interpose.guest.linux.Events;
import io.interpose.guest.linux.ProcessLookup;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports process starts and exits from the kernel's process connector ({@code NETLINK_CONNECTOR},
 * {@code PROC_CN_MCAST_LISTEN}) to an {@link EventSink}, on one daemon reader thread
 * ("guest-proc-events").
 *
 * <p>An exec of a process ({@code pid == tgid}; threads are not processes) becomes
 * {@code PROCESS_START} with the context {@link ProcessLookup} reads; when the process is already gone,
 * a context with its pid (and its parent's, if its fork was seen). The exit of a process becomes
 * {@code PROCESS_EXIT} with the context remembered at its exec (or at its fork from a remembered parent:
 * the same program), else its pid only. The exit status is the kernel's wait status, decoded: a process
 * that exited by itself has {@code exit_code} 0-255 and {@code signal} 0; one killed by a signal has
 * {@code exit_code} 0 and {@code signal} the signal number (a core dump is not told apart). Contexts are
 * remembered for at most {@value #REMEMBERED} processes, the oldest dropped first. Nothing is looked up,
 * built or remembered for a type the sink does not want.
 *
 * <p>Failure modes: the kernel's buffer for the socket may overflow in a burst (the events are lost and
 * counted in {@link ProcessEventCounters#lost()}); a short-lived process may be gone before procfs is
 * read; datagrams not sent by the kernel are dropped; an error of the lookup or the sink costs that event
 * only. A failing socket (another errno) stops the reader, logged at ERROR.
 */
public final class ProcessEvents implements AutoCloseable {

    static final int REMEMBERED = 32_768;

    private static final Logger log = LoggerFactory.getLogger(ProcessEvents.class);
    private static final int DATAGRAM_BYTES = 16 * 1024;

    private final ProcConnector connector;
    private final ProcessLookup lookup;
    private final EventSink sink;
    private final Clock clock;
    private final KnownProcesses known = new KnownProcesses(REMEMBERED);
    private final LongAdder starts = new LongAdder();
    private final LongAdder exits = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running = true;

    private ProcessEvents(ProcConnector connector, ProcessLookup lookup, EventSink sink, Clock clock) {
        this.connector = connector;
        this.lookup = lookup;
        this.sink = sink;
        this.clock = clock;
        this.reader = new Thread(this::readLoop, "guest-proc-events");
        reader.setDaemon(true);
    }

    /**
     * Subscribes to the process connector and starts reading.
     *
     * @throws IOException when the connector cannot be opened or subscribed to (no {@code CAP_NET_ADMIN},
     *     a kernel without {@code CONFIG_PROC_EVENTS})
     */
    public static ProcessEvents start(ProcessLookup lookup, EventSink sink, Clock clock) throws IOException {
        return start(lookup, sink, clock, ProcConnector.RECEIVE_BUFFER_BYTES);
    }

    /** With a receive buffer of {@code receiveBufferBytes} (tests overflow a small one). */
    static ProcessEvents start(ProcessLookup lookup, EventSink sink, Clock clock, int receiveBufferBytes) throws IOException {
        ProcessEvents events = new ProcessEvents(ProcConnector.open(receiveBufferBytes), lookup, sink, clock);
        events.reader.start();
        return events;
    }

    public ProcessEventCounters counters() {
        return new ProcessEventCounters(starts.sum(), exits.sum(), lost.sum());
    }

    private void readLoop() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
        try {
            while (running) {
                switch (connector.receive(datagram)) {
                    case DATAGRAM -> ProcEvent.parse(datagram).forEach(this::handle);
                    case OVERFLOW -> lost.increment();
                    case FOREIGN -> log.debug("Dropped a datagram that did not come from the kernel");
                    case WOKEN -> running = false;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("The process connector reader stopped: no more process start or exit events", e);
            }
        }
    }

    private void handle(ProcEvent event) {
        if (!running) {
            return;
        }
        try {
            if (event instanceof ProcEvent.Exec exec) {
                executed(exec);
            } else if (event instanceof ProcEvent.Exit exit) {
                exited(exit);
            } else if (event instanceof ProcEvent.Fork fork) {
                forked(fork);
            } else if (event instanceof ProcEvent.Malformed malformed) {
                log.warn("Skipped a process connector message: {}", malformed.reason());
            }
        } catch (RuntimeException e) {
            log.warn("Could not report {}", event, e);
        }
    }

    private void executed(ProcEvent.Exec exec) {
        boolean reportStart = sink.wants(EventType.PROCESS_START);
        if (exec.pid() != exec.tgid() || !(reportStart || sink.wants(EventType.PROCESS_EXIT))) {
            return;
        }
        ProcessContext process = lookup.process(exec.tgid()).orElseGet(() -> gone(exec.tgid()));
        known.remember(process);
        if (reportStart) {
            starts.increment();
            sink.send(event(EventType.PROCESS_START, process).build());
        }
    }

    /** What is known of a process already gone at its exec: its pid, and its parent's if its fork was seen. */
    private ProcessContext gone(int pid) {
        int ppid = known.get(pid).map(ProcessContext::getPpid).orElse(0);
        return ProcessContext.newBuilder().setPid(pid).setPpid(ppid).build();
    }

    private void exited(ProcEvent.Exit exit) {
        if (exit.pid() != exit.tgid()) {
            return;
        }
        ProcessContext process = known.forget(exit.tgid()).orElseGet(() -> ProcessContext.newBuilder().setPid(exit.tgid()).build());
        if (sink.wants(EventType.PROCESS_EXIT)) {
            exits.increment();
            sink.send(event(EventType.PROCESS_EXIT, process)
                    .setProcessEvent(ProcessEvent.newBuilder().setExitCode(exit.exitCode()).setSignal(exit.signal())).build());
        }
    }

    /** A new process (not a thread) runs its parent's program until it execs. */
    private void forked(ProcEvent.Fork fork) {
        if (fork.childPid() == fork.childTgid() && sink.wants(EventType.PROCESS_EXIT)) {
            known.forked(fork.parentTgid(), fork.childTgid());
        }
    }

    private Event.Builder event(EventType type, ProcessContext process) {
        return Events.now(type, clock).setProcess(process);
    }

    /** Stops the reader (promptly: it is woken), unsubscribes and closes the socket. No event is sent after it returns. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        connector.wake();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
    }
}
