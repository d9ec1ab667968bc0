package io.interpose.manager.api;

import java.util.Optional;

/**
 * Authenticates requests and decides access. The API server asks it once per request (with the
 * {@code Authorization} header) and once per route (with the route's {@link Access}).
 */
public interface Gatekeeper {
    /** The caller for this header, or an ApiException (401, or 423-style lockout as 401). */
    Caller authenticate(Optional<String> authorization);

    /** Throws a 403 ApiException if {@code caller} may not do {@code access}. */
    void authorize(Caller caller, Access access);
}
