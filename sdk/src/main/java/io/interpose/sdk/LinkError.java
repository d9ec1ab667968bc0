package io.interpose.sdk;

/**
 * Why the last attempt to connect to the MUX, or the last session, failed. The client keeps reconnecting
 * whatever the kind; some kinds ({@link Kind#VERSION_UNSUPPORTED}, {@link Kind#AUTHENTICATION_FAILED},
 * {@link Kind#MUX_NOT_TRUSTED}) need an administrator, and are logged as errors.
 */
public record LinkError(Kind kind, String message) {

    public enum Kind {
        /** TCP or TLS could not be set up (MUX down, unreachable, handshake failed). */
        CONNECT_FAILED,
        /** The MUX's certificate does not chain to the CA of the environment, or its CN is not the host id. */
        MUX_NOT_TRUSTED,
        /** The MUX speaks no protocol version this SDK speaks; the message lists the versions it supports. */
        VERSION_UNSUPPORTED,
        /** The MUX refused the deployment id, host id or credential. */
        AUTHENTICATION_FAILED,
        /** The MUX sent a malformed frame or a frame out of order; the SDK closed the connection. */
        PROTOCOL_ERROR,
        /** The MUX closed the session with a Goodbye (shutdown, replaced, idle, overloaded). */
        CLOSED_BY_MUX,
        /** The connection broke, or the MUX fell silent for three heartbeat intervals. */
        CONNECTION_LOST
    }
}
