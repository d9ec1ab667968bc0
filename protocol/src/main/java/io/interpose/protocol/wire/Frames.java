package io.interpose.protocol.wire;

import java.util.Collection;
import java.util.OptionalInt;

/** Constants and rules of the Guest Introspection framing and version handshake (docs/gi-protocol.md). */
public final class Frames {

    /** The protocol versions this build speaks. */
    public static final int GI_VERSION = 1;
    /** The frame limit before the Welcome: a hello is small. */
    public static final int HELLO_MAX_FRAME_BYTES = 64 * 1024;
    /** The frame limit the MUX offers in its Welcome: room for a 1 MiB file read and its envelope. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024 + 64 * 1024;

    private Frames() {
    }

    /** The highest version in both sets, if any. */
    public static OptionalInt negotiate(Collection<Integer> offered, Collection<Integer> supported) {
        return offered.stream().filter(supported::contains).mapToInt(Integer::intValue).max();
    }
}
