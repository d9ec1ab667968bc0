package io.interpose.sdk;

/** A session with the Context MUX, as its {@code Welcome} described it: the protocol version chosen, the host, an id for logs. */
public record SessionInfo(int version, String hostId, String sessionId, int maxFrameBytes) {
}
