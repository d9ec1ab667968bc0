package io.interpose.guest.linux.network;

import io.interpose.guest.linux.EventSink;
import io.interpose.guest.linux.Events;
import io.interpose.guest.linux.ProcessLookup;
import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.NetworkEvent;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.TransportProtocol;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports TCP connections opened and closed in the guest ({@code NETWORK_CONNECT}, {@code NETWORK_ACCEPT},
 * {@code NETWORK_CLOSE}) by comparing the connection table (procfs) from one poll to the next: a new
 * established connection whose local port some socket listens on was accepted, any other was made; one
 * that is gone, or no longer established, closed. Connections there at the first poll are not reported.
 *
 * <p>Limits of polling: a connection opened and closed between two polls is never seen; the time is
 * the poll's; byte counts are not known (0). Reading the table walks every process's open files, so the
 * wait between polls grows to ten times what the last poll took when that is more than the interval. The table is read only while a service wants one of the
 * three types. UDP is not reported (no connections to speak of).
 */
public final class ConnectionWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionWatch.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /**
     * The wait after a poll is at least this many times what the poll took, so that reading the table
     * (which walks every process's open files) never takes more than a tenth of a CPU on a busy guest.
     */
    static final long BUSY_FACTOR = 10;
    private static final String ESTABLISHED = "ESTABLISHED";

    /** A connection's identity across polls: its protocol and both ends. */
    private record Key(TransportProtocol protocol, String localAddress, int localPort, String remoteAddress, int remotePort) {
        static Key of(Connection c) {
            return new Key(c.getProtocol(), c.getLocalAddress(), c.getLocalPort(), c.getRemoteAddress(), c.getRemotePort());
        }
    }

    private final Supplier<List<Connection>> table;
    private final EventSink sink;
    private final ProcessLookup processes;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private volatile ScheduledFuture<?> polling;
    private volatile boolean closed;
    private volatile long delayNanos;
    private Map<Key, Connection> established;

    private ConnectionWatch(Supplier<List<Connection>> table, EventSink sink, ProcessLookup processes,
            ScheduledExecutorService scheduler, Duration interval, Clock clock, LongSupplier nanoTime) {
        this.table = table;
        this.sink = sink;
        this.processes = processes;
        this.clock = clock;
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.delayNanos = intervalNanos;
        this.polling = scheduler.schedule(this::pollAndReschedule, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Polls {@code table} (e.g. {@code ProcFs::connections}) every {@code interval} on {@code scheduler}.
     * {@link #close()} stops the polling; the scheduler is the caller's.
     */
    public static ConnectionWatch start(Supplier<List<Connection>> table, EventSink sink, ProcessLookup processes,
            ScheduledExecutorService scheduler, Duration interval, Clock clock) {
        return new ConnectionWatch(table, sink, processes, scheduler, interval, clock, System::nanoTime);
    }

    /** As {@link #start}, with the monotonic clock that times each poll (tests). */
    static ConnectionWatch start(Supplier<List<Connection>> table, EventSink sink, ProcessLookup processes,
            ScheduledExecutorService scheduler, Duration interval, Clock clock, LongSupplier nanoTime) {
        return new ConnectionWatch(table, sink, processes, scheduler, interval, clock, nanoTime);
    }

    private void pollAndReschedule() {
        long started = nanoTime.getAsLong();
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Reading the connection table failed: {}", e.toString());
        }
        delayNanos = Math.max(intervalNanos, BUSY_FACTOR * (nanoTime.getAsLong() - started));
        synchronized (this) {
            if (!closed) {
                polling = scheduler.schedule(this::pollAndReschedule, delayNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** How long until the next poll: the interval, or longer when reading the table is slow. */
    Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /** One comparison with the previous table (package-private: tests step it by hand). */
    synchronized void poll() {
        if (!sink.wants(EventType.NETWORK_CONNECT) && !sink.wants(EventType.NETWORK_ACCEPT) && !sink.wants(EventType.NETWORK_CLOSE)) {
            established = null;
            return;
        }
        List<Connection> now = table.get();
        Map<Key, Connection> next = new HashMap<>();
        Set<Integer> listening = new HashSet<>();
        for (Connection connection : now) {
            if (connection.getProtocol() != TransportProtocol.TCP) {
                continue;
            }
            if (connection.getState().equals("LISTEN")) {
                listening.add(connection.getLocalPort());
            } else if (connection.getState().equals(ESTABLISHED)) {
                next.put(Key.of(connection), connection);
            }
        }
        Map<Key, Connection> previous = established;
        established = next;
        if (previous == null) {
            return;
        }
        next.forEach((key, connection) -> {
            if (!previous.containsKey(key)) {
                send(listening.contains(connection.getLocalPort()) ? EventType.NETWORK_ACCEPT : EventType.NETWORK_CONNECT, connection);
            }
        });
        previous.forEach((key, connection) -> {
            if (!next.containsKey(key)) {
                send(EventType.NETWORK_CLOSE, connection);
            }
        });
    }

    private void send(EventType type, Connection connection) {
        if (!sink.wants(type)) {
            return;
        }
        Event.Builder event = Events.now(type, clock).setNetwork(NetworkEvent.newBuilder().setConnection(connection));
        int pid = connection.getPid();
        if (pid > 0) {
            event.setProcess(processes.process(pid).orElse(ProcessContext.newBuilder().setPid(pid).build()));
        }
        sink.send(event.build());
    }

    @Override
    public synchronized void close() {
        closed = true;
        polling.cancel(false);
    }
}
