package io.interpose.host.mux;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Protection;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.Subscribe;
import io.interpose.protocol.gi.Subscription;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.Welcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A partner SVM written against the wire protocol only, for tests. */
final class TestSvm extends TestPeer<PartnerFrame> {

    private TestSvm(SSLSocket socket) throws IOException {
        super(socket, socket.getInputStream(), socket.getOutputStream(), PartnerFrame.parser());
    }

    static TestSvm connect(InetSocketAddress mux, SSLContext trusting, int receiveBuffer) throws IOException {
        Socket plain = new Socket();
        if (receiveBuffer > 0) {
            plain.setReceiveBufferSize(receiveBuffer);
        }
        plain.setTcpNoDelay(true);
        plain.connect(mux);
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(plain, mux.getHostString(), mux.getPort(), true);
        socket.startHandshake();
        return new TestSvm(socket);
    }

    static ServiceHello hello(String deploymentId, String hostId, String token, Integer... versions) {
        return ServiceHello.newBuilder().addAllVersions(List.of(versions)).setDeploymentId(deploymentId).setHostId(hostId)
                .setCredential(token).setSdkName("test-svm").setSdkVersion("1.0").setSolutionVersion("2.5").build();
    }

    void hello(ServiceHello hello) {
        send(PartnerFrame.newBuilder().setHello(hello).build());
    }

    Welcome awaitWelcome() {
        return await(PartnerFrame::hasWelcome, PartnerFrame::getWelcome);
    }

    GoodbyeReason awaitGoodbye() {
        return await(PartnerFrame::hasGoodbye, f -> f.getGoodbye().getReason());
    }

    void subscribe(SubscriptionMode mode, EventType... types) {
        Subscribe.Builder subscribe = Subscribe.newBuilder();
        for (EventType type : types) {
            subscribe.addSubscriptions(Subscription.newBuilder().setType(type).setMode(mode));
        }
        send(PartnerFrame.newBuilder().setSubscribe(subscribe).build());
    }

    Event awaitEvent() {
        return await(PartnerFrame::hasEvent, PartnerFrame::getEvent);
    }

    Protection awaitProtection(String vmId) {
        return await(f -> f.hasProtection() && f.getProtection().getVmId().equals(vmId), PartnerFrame::getProtection);
    }

    void verdict(long eventId, Decision decision, int cacheTtlMs) {
        send(PartnerFrame.newBuilder().setVerdict(Verdict.newBuilder().setEventId(eventId).setDecision(decision)
                .setCacheTtlMs(cacheTtlMs)).build());
    }

    @Override
    Optional<Heartbeat> heartbeatOf(PartnerFrame frame) {
        return frame.hasHeartbeat() ? Optional.of(frame.getHeartbeat()) : Optional.empty();
    }

    @Override
    PartnerFrame heartbeatFrame(Heartbeat heartbeat) {
        return PartnerFrame.newBuilder().setHeartbeat(heartbeat).build();
    }
}
