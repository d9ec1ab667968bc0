package io.interpose.compute;

/** An operation named a cluster, host or VM the compute manager does not have. */
public final class UnknownObjectException extends RuntimeException {
    public UnknownObjectException(String message) {
        super(message);
    }
}
