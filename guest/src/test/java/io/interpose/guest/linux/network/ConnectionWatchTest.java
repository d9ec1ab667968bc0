package io.interpose.guest.linux.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.guest.linux.EventSink;
import io.interpose.guest.linux.proc.ProcFs;
import io.interpose.guest.linux.proc.UserNames;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.ProcessContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets of this JVM, the real connection table, polls stepped by hand. */
class ConnectionWatchTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Event> sent = new CopyOnWriteArrayList<>();
    private volatile boolean wanted = true;
    private final EventSink sink = new EventSink() {
        @Override
        public boolean wants(EventType type) {
            return wanted;
        }

        @Override
        public boolean send(Event event) {
            return sent.add(event);
        }
    };
    private final ProcFs procFs = ProcFs.live(UserNames.of(Map.of()));
    private final ConnectionWatch watch = ConnectionWatch.start(procFs::connections, sink,
            pid -> Optional.of(ProcessContext.newBuilder().setPid(pid).setExecutable("/usr/bin/java").build()), scheduler,
            Duration.ofHours(1), Clock.systemUTC());

    @AfterEach
    void stop() {
        watch.close();
        scheduler.shutdownNow();
    }

    @Test
    void aConnectionMadeAndAcceptedIsReportedFromBothEndsAndItsCloseToo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            watch.poll();
            Socket client = new Socket();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            Socket accepted = server.accept();
            watch.poll();

            List<Event> opened = ours(server.getLocalPort());
            assertThat(opened).extracting(Event::getType)
                    .containsExactlyInAnyOrder(EventType.NETWORK_CONNECT, EventType.NETWORK_ACCEPT);
            Event connect = opened.stream().filter(e -> e.getType() == EventType.NETWORK_CONNECT).findFirst().orElseThrow();
            assertThat(connect.getNetwork().getConnection().getRemotePort()).isEqualTo(server.getLocalPort());
            assertThat(connect.getNetwork().getConnection().getLocalPort()).isEqualTo(client.getLocalPort());
            assertThat(connect.getProcess().getPid()).isEqualTo(ProcessHandle.current().pid());

            sent.clear();
            client.close();
            accepted.close();
            watch.poll();
            assertThat(ours(server.getLocalPort())).extracting(Event::getType)
                    .containsExactly(EventType.NETWORK_CLOSE, EventType.NETWORK_CLOSE);
        }
    }

    @Test
    void connectionsThereAtTheFirstPollAndConnectionsNobodyWantsAreNotReported() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            watch.poll();
            assertThat(ours(server.getLocalPort())).isEmpty();

            wanted = false;
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket back = server.accept()) {
                watch.poll();
            }
            assertThat(sent).isEmpty();
        }
    }

    @Test
    void aSlowTableIsReadLessOften() {
        AtomicLong nanos = new AtomicLong();
        ConnectionWatch slow = ConnectionWatch.start(() -> {
            nanos.addAndGet(Duration.ofMillis(300).toNanos());
            return List.of();
        }, sink, pid -> Optional.empty(), scheduler, Duration.ofMillis(10), Clock.systemUTC(), nanos::get);
        try {
            await().until(() -> slow.delay().equals(Duration.ofSeconds(3)));
        } finally {
            slow.close();
        }
        assertThat(watch.delay()).as("a quick table keeps the interval").isEqualTo(Duration.ofHours(1));
    }

    private List<Event> ours(int port) {
        return sent.stream().filter(e -> e.getNetwork().getConnection().getLocalPort() == port
                || e.getNetwork().getConnection().getRemotePort() == port).toList();
    }
}
