package io.interpose.manager.store;

/** An update carried a revision that is not the stored one. */
public final class StaleRevisionException extends RuntimeException {
    private final String path;

    public StaleRevisionException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
