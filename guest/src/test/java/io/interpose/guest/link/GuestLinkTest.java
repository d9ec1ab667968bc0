package io.interpose.guest.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestLinkTest {

    @TempDir
    Path dir;
    private FakeMux mux;
    private ScheduledExecutorService scheduler;
    private ExecutorService responders;
    private GuestLink link;
    private final AtomicReference<String> credential = new AtomicReference<>("secret-1");
    private final AtomicReference<String> responderThread = new AtomicReference<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMux() throws Exception {
        mux = new FakeMux(dir.resolve("gi-guest.sock")).start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        responders = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (link != null) {
            link.close();
        }
        mux.stop();
        scheduler.shutdownNow();
        responders.shutdownNow();
    }

    private GuestLink link(GuestLinkConfig config) {
        GuestResponder responder = new GuestResponder() {
            @Override
            public QueryResult answer(Query query) {
                responderThread.set(Thread.currentThread().getName());
                if (query.hasFileRead()) {
                    return QueryResult.newBuilder().setStatus(Status.newBuilder().setCode(ResultCode.OK))
                            .setFileBytes(FileBytes.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024]))).build();
                }
                return QueryResult.newBuilder().setStatus(Status.newBuilder().setCode(ResultCode.UNSUPPORTED)).build();
            }

            @Override
            public RemediationResult remediate(Remediation remediation) {
                throw new IllegalStateException("boom");
            }
        };
        LinkListener listener = new LinkListener() {
            @Override
            public void onDisconnected(Optional<Goodbye> goodbye, String why) {
                disconnects.add(why);
            }
        };
        link = new GuestLink(config, responder, listener, scheduler, responders);
        return link;
    }

    private GuestLinkConfig config() {
        return GuestLinkConfig.linux(mux.socket(), "vm-1", credential::get)
                .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private GuestLink connected() {
        link(config()).start();
        await().until(link::isConnected);
        await().until(() -> link.interest().wants(EventType.FILE_OPEN));
        return link;
    }

    private static Event open(String path) {
        return Event.newBuilder().setType(EventType.FILE_OPEN)
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath(path))).build();
    }

    @Test
    void handshakeSaysHelloAsTheVmAndKeepsTheInterest() {
        connected();

        var hello = mux.session().orElseThrow().hello();
        assertThat(hello.getVmId()).isEqualTo("vm-1");
        assertThat(hello.getCredential()).isEqualTo("secret-1");
        assertThat(hello.getVersionsList()).containsExactly(1);
        assertThat(hello.getCapabilitiesList()).contains(EventType.FILE_OPEN, EventType.SYSTEM_AGENT_START)
                .doesNotContain(EventType.REGISTRY_SET_VALUE);
        assertThat(link.state()).isEqualTo(LinkState.ESTABLISHED);
        assertThat(link.interest().mode(EventType.FILE_OPEN)).isEqualTo(CurrentInterest.Mode.DECIDE);
        assertThat(link.interest().mode(EventType.PROCESS_START)).isEqualTo(CurrentInterest.Mode.NOTIFY);
        assertThat(link.interest().mode(EventType.NETWORK_CONNECT)).isEqualTo(CurrentInterest.Mode.NONE);
        assertThat(link.interest().deadlineMs()).isEqualTo(500);
    }

    @Test
    void aVersionRefusalSurfacesWithTheVersionsTheMuxSpeaks() {
        mux.versions(2, 3);
        link(config()).start();

        await().until(() -> link.refusal().isPresent());
        assertThat(link.refusal().orElseThrow().reason()).isEqualTo(GoodbyeReason.VERSION_UNSUPPORTED);
        assertThat(link.refusal().orElseThrow().supportedVersions()).containsExactlyInAnyOrder(2, 3);
        assertThat(link.isConnected()).isFalse();
    }

    @Test
    void anAuthenticationFailureSurfacesAndAFixedCredentialGetsIn() {
        mux.accepting(hello -> hello.getCredential().equals("secret-2"));
        link(config()).start();

        await().until(() -> link.refusal().map(r -> r.reason() == GoodbyeReason.AUTHENTICATION_FAILED).orElse(false));
        assertThat(link.isConnected()).isFalse();
        credential.set("secret-2");
        await().until(link::isConnected);
        assertThat(link.refusal()).isEmpty();
    }

    @Test
    void decideReturnsTheMuxVerdictForTheNumberedEvent() {
        mux.rule(e -> Optional.of(e.getFile().getFile().getPath().contains("eicar") ? Decision.DENY : Decision.ALLOW));
        connected();

        Verdict deny = link.decide(open("/tmp/eicar.com")).join();
        Verdict allow = link.decide(open("/tmp/ok.txt")).join();

        assertThat(deny.getDecision()).isEqualTo(Decision.DENY);
        assertThat(deny.getSource()).isEqualTo(VerdictSource.SERVICES);
        assertThat(allow.getDecision()).isEqualTo(Decision.ALLOW);
        Event sent = mux.events().get(0);
        assertThat(sent.getId()).isEqualTo(deny.getEventId());
        assertThat(sent.getAwaitsVerdict()).isTrue();
        assertThat(sent.getDeadlineMs()).isEqualTo(500);
        assertThat(link.counters().verdicts()).isEqualTo(2);
        assertThat(link.counters().sent()).isEqualTo(2);
    }

    @Test
    void aSilentMuxLetsTheDeadlineApplyTheDefaultDecision() {
        mux.rule(e -> Optional.empty()).interest(Interest.newBuilder().addDecide(EventType.FILE_OPEN)
                .setVerdictDeadlineMs(100).setDefaultDecision(Decision.DENY).build());
        connected();
        await().until(() -> link.interest().deadlineMs() == 100);

        CompletableFuture<Verdict> verdict = link.decide(open("/etc/passwd"));

        await().until(verdict::isDone);
        assertThat(verdict.join().getDecision()).isEqualTo(Decision.DENY);
        assertThat(verdict.join().getReason()).contains("no verdict in time");
        assertThat(link.counters().defaulted()).isEqualTo(1);
    }

    /**
     * The writer gives up after one interval without progress, the silence ends the session after three:
     * a 1 s interval leaves the caller two seconds to fill the socket on a busy machine, so the give-up
     * comes first.
     */
    @Test
    void decideWritesOnTheCallersThreadAndAMuxThatStopsReadingReleasesItWithinAHeartbeatInterval() throws Exception {
        mux.heartbeatMs(1_000).rule(e -> Optional.empty());
        connected();
        mux.paused(true);
        String bigPath = "/data/" + "x".repeat(60 * 1024);
        List<CompletableFuture<Verdict>> verdicts = new CopyOnWriteArrayList<>();

        Thread caller = new Thread(() -> {
            for (int i = 0; i < 100 && link.isConnected(); i++) {
                verdicts.add(link.decide(open(bigPath)));
            }
        });
        caller.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !caller.isAlive());
        assertThat(verdicts.size()).as("the socket filled up before all 100 were written").isLessThan(100);
        await().until(() -> verdicts.stream().allMatch(CompletableFuture::isDone));
        assertThat(verdicts).allSatisfy(v -> assertThat(GuestLink.isGuestDefault(v.join())).isTrue());
        assertThat(disconnects).containsExactly("the MUX did not read for a heartbeat interval");
        mux.paused(false);
        await().until(() -> link.isConnected() && link.counters().sessions() == 2);
    }

    @Test
    void withoutAConnectionDecideAnswersTheDefaultAtOnceAndNotifyRefuses() {
        link(config());

        CompletableFuture<Verdict> verdict = link.decide(open("/etc/passwd"));

        assertThat(verdict).isDone();
        assertThat(verdict.join().getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(link.notify(open("/etc/passwd"))).isFalse();
        assertThat(link.counters()).isEqualTo(new LinkCounters(0, 0, 1, 1, 0, 0, 0));
    }

    @Test
    void aFullNotificationQueueRefusesAndCounts() {
        link(config().withQueues(4, 16, 16)).start();
        await().until(link::isConnected);
        mux.paused(true);
        Event big = open("/x".repeat(2_000));

        int accepted = 0;
        while (link.notify(big) && accepted < 1_000_000) {
            accepted++;
        }

        assertThat(accepted).isLessThan(1_000_000);
        assertThat(link.counters().dropped()).isEqualTo(1);
        mux.paused(false);
        long delivered = accepted;
        await().until(() -> mux.eventCount() == delivered);
    }

    @Test
    void theLinkReconnectsWhenTheMuxComesBack() throws Exception {
        connected();

        mux.stop();
        await().until(() -> !link.isConnected());
        assertThat(link.decide(open("/a")).join().getReason()).contains("not connected");
        mux.start();

        await().until(link::isConnected);
        assertThat(link.counters().sessions()).isEqualTo(2);
        assertThat(link.decide(open("/a")).join().getSource()).isEqualTo(VerdictSource.SERVICES);
    }

    @Test
    void heartbeatsAreAnsweredAndSentWhenIdle() {
        mux.heartbeatMs(200);
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        session.send(GuestFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(77)).build());

        await().until(() -> session.heartbeats().contains(Heartbeat.newBuilder().setSequence(77).setReply(true).build()));
        await().until(() -> session.heartbeats().stream().anyMatch(h -> !h.getReply()));
    }

    @Test
    void unknownFrameTypesAreIgnoredAndTheSessionGoesOn() {
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        session.sendBytes(new byte[] {(byte) 0x98, 0x06, 0x01}); // field 99, varint 1: a frame type from the future

        await().until(() -> link.counters().ignoredFrames() == 1);
        assertThat(link.decide(open("/a")).join().getSource()).isEqualTo(VerdictSource.SERVICES);
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void queriesAreAnsweredOffTheReaderThreadWithTheirIdAndAFailingResponderAnswersFailed() throws Exception {
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        QueryResult result = session.query(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath("/a")).build())
                .get(5, TimeUnit.SECONDS);
        RemediationResult remediation = session.remediate(Remediation.getDefaultInstance()).get(5, TimeUnit.SECONDS);

        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.UNSUPPORTED);
        assertThat(responderThread.get()).doesNotContain("reader");
        assertThat(remediation.getStatus().getCode()).isEqualTo(ResultCode.FAILED);
    }

    @Test
    void anAnswerTooLargeForAFrameIsAnsweredTooLargeAndTheSessionGoesOn() throws Exception {
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        QueryResult result = session.query(Query.newBuilder().setFileRead(FileReadQuery.newBuilder().setPath("/big")).build())
                .get(5, TimeUnit.SECONDS);

        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.TOO_LARGE);
        assertThat(link.isConnected()).isTrue();
        assertThat(mux.sessions()).hasSize(1);
    }

    @Test
    void aReplacedLinkStopsAndWaitingEventsGetTheirDefault() {
        mux.rule(e -> Optional.empty());
        connected();
        CompletableFuture<Verdict> waiting = link.decide(open("/a"));
        await().until(() -> mux.eventCount() == 1);

        mux.session().orElseThrow().goodbye(GoodbyeReason.REPLACED);

        await().until(waiting::isDone);
        assertThat(waiting.join().getReason()).contains("connection closed");
        assertThat(link.state()).isEqualTo(LinkState.CLOSED);
        assertThat(mux.sessions()).hasSize(1);
    }

    @Test
    void aMuxThatFallsSilentIsLeftWithIdleTimeout() {
        mux.heartbeatMs(30);
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        mux.paused(true);

        await().until(() -> !link.isConnected());
        mux.paused(false);
        await().until(() -> session.goodbyes().stream().anyMatch(g -> g.getReason() == GoodbyeReason.IDLE_TIMEOUT));
    }

    @Test
    void aMalformedFrameEndsTheSessionWithProtocolErrorAndTheLinkComesBack() {
        connected();
        FakeMux.Session session = mux.session().orElseThrow();

        session.sendBytes(new byte[0]);

        await().until(() -> session.goodbyes().stream().anyMatch(g -> g.getReason() == GoodbyeReason.PROTOCOL_ERROR));
        await().until(() -> link.isConnected() && link.counters().sessions() == 2);
    }
}
