package io.interpose.manager.api;

/**
 * The numeric {@code error_code} of every error the API returns. Numbers are stable: clients may
 * switch on them. Documented in docs/api.md.
 */
public enum ErrorCode {
    MALFORMED_BODY(100),
    INVALID_REQUEST(101),
    FIELD_INVALID(102),
    BODY_TOO_LARGE(105),
    METHOD_NOT_ALLOWED(106),
    NOT_FOUND(202),
    STALE_REVISION(206),
    ALREADY_EXISTS(207),
    IN_USE(208),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    ACCOUNT_LOCKED(423),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int number;

    ErrorCode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
