package io.interpose.host.ops;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.interpose.protocol.control.HostControlGrpc;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One attempt at the {@code HostControl.Sync} stream, over its own mutually authenticated channel (so
 * that the agent's backoff, not the channel's, paces reconnection). Every callback runs on the
 * executor given at {@link #open}; sends must be made from it too.
 */
final class SyncSession {
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Not below the default minimum ping interval a gRPC server permits (5 minutes). */
    private static final long KEEPALIVE_MINUTES = 5;
    private static final long KEEPALIVE_TIMEOUT_SECONDS = 20;

    /** What happens on the stream, called on the session's executor. */
    interface Listener {
        void onMessage(SyncSession session, ManagerMessage message);

        /** The stream can take more messages without buffering. */
        void onReady(SyncSession session);

        /** The stream ended, by the manager, the network or {@link #cancel}. */
        void onClosed(SyncSession session, Status status);
    }

    private final ManagedChannel channel;
    private ClientCallStreamObserver<HostMessage> requests;

    private SyncSession(ManagedChannel channel) {
        this.channel = channel;
    }

    static SyncSession open(OpsConfig config, HostIdentity identity, Executor executor, Listener listener) {
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(identity.keyManagers())
                .trustManager(identity.trustManagers())
                .build();
        ManagedChannel channel = NettyChannelBuilder.forAddress(config.manager(), credentials)
                .executor(executor)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(KEEPALIVE_MINUTES, TimeUnit.MINUTES)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .build();
        SyncSession session = new SyncSession(channel);
        HostControlGrpc.newStub(channel).sync(session.observer(listener));
        return session;
    }

    /** Sends a message; a message sent as the stream breaks is lost (the stream's end is reported). */
    void send(HostMessage message) {
        try {
            requests.onNext(message);
        } catch (RuntimeException e) {
            // the call is already closed; onClosed reports why
        }
    }

    boolean isReady() {
        return requests.isReady();
    }

    /** Ends the stream from this side and releases the channel; no callback follows that matters. */
    void cancel(String reason) {
        try {
            requests.cancel(reason, null);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Releases the channel after the stream has ended. */
    void release() {
        channel.shutdownNow();
    }

    private ClientResponseObserver<HostMessage, ManagerMessage> observer(Listener listener) {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<HostMessage> stream) {
                requests = stream;
                stream.setOnReadyHandler(() -> listener.onReady(SyncSession.this));
            }

            @Override
            public void onNext(ManagerMessage message) {
                listener.onMessage(SyncSession.this, message);
            }

            @Override
            public void onError(Throwable error) {
                listener.onClosed(SyncSession.this, Status.fromThrowable(error));
            }

            @Override
            public void onCompleted() {
                listener.onClosed(SyncSession.this, Status.UNAVAILABLE.withDescription("the manager ended the stream"));
            }
        };
    }
}
