package io.interpose.protocol.wire;

import java.io.IOException;

/** A frame that breaks the framing rules or does not parse: the connection cannot go on. */
public final class MalformedFrameException extends IOException {

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
