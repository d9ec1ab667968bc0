package io.interpose.manager.control;

import io.grpc.stub.StreamObserver;

/**
 * A stream observer that several threads may call: calls are serialised, and once the stream is ended
 * (by either side) further {@code onNext} calls throw {@link IllegalStateException}, which the sender
 * takes as "this session is gone".
 */
final class SerialObserver<T> implements StreamObserver<T> {
    private final StreamObserver<T> delegate;
    private boolean ended;

    SerialObserver(StreamObserver<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void onNext(T value) {
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        delegate.onNext(value);
    }

    @Override
    public synchronized void onError(Throwable t) {
        if (!ended) {
            ended = true;
            delegate.onError(t);
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (!ended) {
            ended = true;
            delegate.onCompleted();
        }
    }

    /** Marks the stream ended without telling the peer (it went away). */
    synchronized void cancelled() {
        ended = true;
    }
}
