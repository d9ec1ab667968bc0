package io.interpose.host.mux;

import java.io.IOException;

/** A peer broke the session rules (a frame before the hello, a second hello): its connection ends. */
final class ProtocolViolation extends IOException {

    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(message);
    }
}
