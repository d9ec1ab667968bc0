package io.interpose.guest.link;

/** Where the guest link's current session is (docs/gi-protocol.md section 3, client states). */
public enum LinkState {
    /** Not started yet, or opening the socket. */
    CONNECTING,
    /** The hello is sent; waiting for the Welcome (or a refusal). */
    HELLO_SENT,
    /** The MUX accepted the hello: events flow. */
    ESTABLISHED,
    /** No session: waiting to reconnect, or closed for good. */
    CLOSED
}
