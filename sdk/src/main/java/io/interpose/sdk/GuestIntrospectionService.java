package io.interpose.sdk;

import java.util.List;

/**
 * What a partner implements: the event types it wants, and what it does with events and protection
 * changes. Every callback gets the {@link ServiceContext} to answer, query, remediate and report with.
 *
 * <p>Threading (see the package documentation): callbacks run on the SDK's worker threads. All callbacks
 * about one VM (protection, guest status, events) run on the same worker, in the order the MUX sent them;
 * callbacks about different VMs run in parallel. A callback that blocks holds up its VM and every other VM
 * of its worker, so long work belongs on the partner's own executor (or in the futures of queries).
 *
 * <p>A callback that throws is logged; for {@link #onEvent} the event, if it awaits a verdict and is not
 * answered yet, gets the client's default verdict.
 */
public interface GuestIntrospectionService {

    /** The event types this service wants, sent to the MUX after every connect. Empty: no events. */
    List<Subscription> subscriptions();

    /**
     * One event from a protected VM. If {@link GuestEvent#awaitsVerdict()}, answer it
     * ({@link GuestEvent#allow()}, {@link GuestEvent#deny(String)}, ...) before {@link GuestEvent#deadline()},
     * now or later from any thread; unanswered, the service's failure policy decides at the MUX.
     */
    void onEvent(GuestEvent event, ServiceContext context);

    /** {@code vm} is now protected by this service, or its profile changed (the new one replaces the old). */
    default void onProtected(ProtectedVm vm, ServiceContext context) {
    }

    /** {@code vm} (as last known) is no longer protected by this service; requests for it are refused. */
    default void onUnprotected(ProtectedVm vm, ServiceContext context) {
    }

    /** The thin agent of a protected VM connected or disconnected. */
    default void onGuestStatus(GuestAgentStatus status, ServiceContext context) {
    }

    /** A session with the MUX started (subscriptions and the last reported health are already sent). */
    default void onConnected(SessionInfo session, ServiceContext context) {
    }

    /** The session ended; the client reconnects by itself. Pending queries and remediations failed with UNAVAILABLE. */
    default void onDisconnected(LinkError cause, ServiceContext context) {
    }
}
