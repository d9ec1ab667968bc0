package io.interpose.sdk;

import io.interpose.protocol.gi.Decision;
import java.time.Duration;

/**
 * The answer to an event that awaits a verdict: allow or deny, how long the guest may reuse it for the
 * same subject ({@link Duration#ZERO}: do not cache), and a reason for logs (at most 256 characters; longer
 * is cut).
 */
public record Verdict(Decision decision, Duration cacheTtl, String reason) {
    private static final int MAX_REASON = 256;

    /** @throws IllegalArgumentException for a decision other than ALLOW or DENY, or a negative TTL */
    public Verdict {
        if (decision != Decision.ALLOW && decision != Decision.DENY) {
            throw new IllegalArgumentException("a verdict is ALLOW or DENY, not " + decision);
        }
        cacheTtl = cacheTtl == null ? Duration.ZERO : cacheTtl;
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("a verdict's cache TTL must not be negative");
        }
        reason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }

    public static Verdict allow() {
        return new Verdict(Decision.ALLOW, Duration.ZERO, "");
    }

    public static Verdict deny(String reason) {
        return new Verdict(Decision.DENY, Duration.ZERO, reason);
    }

    /** This verdict, cacheable by the guest for {@code ttl}. */
    public Verdict cachedFor(Duration ttl) {
        return new Verdict(decision, ttl, reason);
    }

    /** This verdict with {@code reason}. */
    public Verdict because(String reason) {
        return new Verdict(decision, cacheTtl, reason);
    }

    public boolean denies() {
        return decision == Decision.DENY;
    }

    /** The cache TTL in milliseconds as the wire carries it (saturated at 2^32-1). */
    int cacheTtlMillis() {
        return (int) Math.min(cacheTtl.toMillis(), 0xFFFF_FFFFL);
    }
}
