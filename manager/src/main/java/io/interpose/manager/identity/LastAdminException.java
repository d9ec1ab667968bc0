package io.interpose.manager.identity;

/**
 * Refused because it would leave no {@code enterprise_admin}: nobody could manage users any more.
 * The API answers 409 Conflict.
 */
public final class LastAdminException extends RuntimeException {
    private final String username;

    public LastAdminException(String username) {
        super("'" + username + "' is the last enterprise_admin; create another enterprise_admin first");
        this.username = username;
    }

    public String username() {
        return username;
    }
}
