package io.interpose.host.mux;

import static io.interpose.protocol.gi.EventType.FILE_OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import io.interpose.protocol.wire.Frames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends random bytes and mutated valid frames to both sockets, before and after a hello, then proves
 * that a well-behaved guest and SVM are still served. The seed is logged; set -Dmux.fuzz.seed to replay.
 */
class FuzzTest {

    private static final Logger log = LoggerFactory.getLogger(FuzzTest.class);
    private static final int ROUNDS = 60;

    @Test
    void randomAndMutatedFramesNeverStopTheMuxServingWellBehavedPeers() throws Exception {
        long seed = Long.getLong("mux.fuzz.seed", System.nanoTime());
        log.info("Fuzz seed {} (replay with -Dmux.fuzz.seed={})", seed, seed);
        Random random = new Random(seed);
        try (MuxHarness harness = new MuxHarness().protect("vm-1", "svc-a", "gold").protect("vm-fuzz", "svc-f", "gold")
                .service("svc-a", FailurePolicy.BLOCK, 2000).endpoint("dep-a", "svc-a").endpoint("dep-fuzz", "svc-f").apply()) {
            TestSvm svm = harness.svm("dep-a");
            svm.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
            TestGuest guest = harness.guest("vm-1");
            RoutingTest.awaitInterest(guest, i -> i.getDecideCount() == 1);

            for (int round = 0; round < ROUNDS; round++) {
                int kind = random.nextInt(6);
                switch (kind) {
                    case 0 -> rawGuestBytes(harness, randomBytes(random, 1 + random.nextInt(300)));
                    case 1 -> rawPartnerBytes(harness, randomBytes(random, 1 + random.nextInt(300)));
                    case 2 -> guestFrames(harness, random, false);
                    case 3 -> guestFrames(harness, random, true);
                    case 4 -> partnerFrames(harness, random, false);
                    default -> partnerFrames(harness, random, true);
                }
            }

            for (int i = 0; i < 20; i++) {
                guest.send(TestGuest.event(i, FILE_OPEN, true, 2000));
                svm.verdict(svm.awaitEvent().getId(), i % 2 == 0 ? Decision.ALLOW : Decision.DENY, 0);
                Verdict verdict = guest.awaitVerdict(i);
                assertThat(verdict.getSource()).isEqualTo(VerdictSource.SERVICES);
                assertThat(verdict.getDecision()).isEqualTo(i % 2 == 0 ? Decision.ALLOW : Decision.DENY);
            }
            assertThat(svm.closed()).isFalse();
            assertThat(guest.closed()).isFalse();
            await().atMost(TestPeer.WAIT).until(() ->
                    harness.meters.get("interpose.mux.connections").tag("link", "guest").gauge().value() == 1.0);
        }
    }

    private static void rawGuestBytes(MuxHarness harness, byte[] bytes) throws IOException {
        try (TestGuest raw = harness.rawGuest()) {
            trySend(raw, bytes);
            raw.awaitClosedOrQuiet();
        }
    }

    private static void rawPartnerBytes(MuxHarness harness, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(harness.mux.partnerAddress().getAddress(), harness.mux.partnerAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            socket.setSoTimeout(5000);
            while (socket.getInputStream().read() >= 0) {
                // drain until the MUX closes (a TLS alert, then close)
            }
        } catch (IOException e) {
            // the MUX closed first
        }
    }

    private static void guestFrames(MuxHarness harness, Random random, boolean authenticated) throws IOException {
        try (TestGuest guest = authenticated ? harness.guest("vm-fuzz") : harness.rawGuest()) {
            List<GuestFrame> valid = List.of(
                    GuestFrame.newBuilder().setHello(TestGuest.hello("vm-fuzz", harness.credentials.issue("vm-fuzz"), 1)).build(),
                    GuestFrame.newBuilder().setEvent(TestGuest.event(1, FILE_OPEN, true, 100)).build(),
                    GuestFrame.newBuilder().setEvent(Event.newBuilder().setTypeValue(999).setAwaitsVerdict(true)).build());
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                trySend(guest, mutate(valid.get(random.nextInt(valid.size())).toByteArray(), random));
            }
            guest.awaitClosedOrQuiet();
        }
    }

    private static void partnerFrames(MuxHarness harness, Random random, boolean authenticated) throws IOException {
        TestSvm svm = harness.rawSvm();
        try (svm) {
            if (authenticated) {
                svm.hello(TestSvm.hello("dep-fuzz", MuxHarness.HOST, MuxHarness.token("dep-fuzz"), Frames.GI_VERSION));
                svm.awaitWelcome();
            }
            List<PartnerFrame> valid = List.of(
                    PartnerFrame.newBuilder().setHello(TestSvm.hello("dep-fuzz", MuxHarness.HOST, "x", 1)).build(),
                    PartnerFrame.newBuilder().setVerdict(Verdict.newBuilder().setEventId(1).setDecision(Decision.DENY)).build(),
                    PartnerFrame.newBuilder().setQuery(Query.newBuilder().setId(5).setVmId("vm-1")).build());
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                trySend(svm, mutate(valid.get(random.nextInt(valid.size())).toByteArray(), random));
            }
            svm.awaitClosedOrQuiet();
        }
    }

    /** A frame whose length prefix, body or both are damaged: flipped bytes, a cut, a wrong length. */
    private static byte[] mutate(byte[] body, Random random) {
        byte[] damaged = body.clone();
        for (int i = 0; i < 1 + random.nextInt(3) && damaged.length > 0; i++) {
            damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        int length = switch (random.nextInt(4)) {
            case 0 -> damaged.length + 1 + random.nextInt(10);
            case 1 -> random.nextBoolean() ? 0 : Integer.MAX_VALUE;
            case 2 -> Math.max(0, damaged.length - 1 - random.nextInt(Math.max(1, damaged.length)));
            default -> damaged.length;
        };
        return ByteBuffer.allocate(4 + damaged.length).putInt(length).put(damaged).array();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void trySend(TestPeer<?> peer, byte[] bytes) {
        try {
            peer.sendRaw(bytes);
        } catch (IOException e) {
            // the MUX already closed: that is a fine outcome
        }
    }
}
