package io.interpose.host.mux;

import io.interpose.protocol.wire.ChannelStreams;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.Welcome;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A thin agent written against the wire protocol only, for tests. */
final class TestGuest extends TestPeer<GuestFrame> {

    private TestGuest(ChannelStreams channel) {
        super(channel, channel.input(), channel.output(), GuestFrame.parser());
    }

    static TestGuest connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new TestGuest(ChannelStreams.of(channel));
    }

    static GuestHello hello(String vmId, String credential, Integer... versions) {
        return GuestHello.newBuilder().addAllVersions(List.of(versions)).setVmId(vmId).setCredential(credential)
                .setAgentName("test-guest").setAgentVersion("1.0").build();
    }

    void hello(GuestHello hello) {
        send(GuestFrame.newBuilder().setHello(hello).build());
    }

    Welcome awaitWelcome() {
        return await(GuestFrame::hasWelcome, GuestFrame::getWelcome);
    }

    GoodbyeReason awaitGoodbye() {
        return await(GuestFrame::hasGoodbye, f -> f.getGoodbye().getReason());
    }

    Interest awaitInterest() {
        return await(GuestFrame::hasInterest, GuestFrame::getInterest);
    }

    Verdict awaitVerdict(long eventId) {
        return await(f -> f.hasVerdict() && f.getVerdict().getEventId() == eventId, GuestFrame::getVerdict);
    }

    Query awaitQuery() {
        return await(GuestFrame::hasQuery, GuestFrame::getQuery);
    }

    Remediation awaitRemediation() {
        return await(GuestFrame::hasRemediation, GuestFrame::getRemediation);
    }

    static Event event(long id, EventType type, boolean awaits, int deadlineMs) {
        return Event.newBuilder().setId(id).setType(type).setAwaitsVerdict(awaits).setDeadlineMs(deadlineMs)
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath("/tmp/file-" + id))).build();
    }

    void send(Event event) {
        send(GuestFrame.newBuilder().setEvent(event).build());
    }

    @Override
    Optional<Heartbeat> heartbeatOf(GuestFrame frame) {
        return frame.hasHeartbeat() ? Optional.of(frame.getHeartbeat()) : Optional.empty();
    }

    @Override
    GuestFrame heartbeatFrame(Heartbeat heartbeat) {
        return GuestFrame.newBuilder().setHeartbeat(heartbeat).build();
    }
}
