package io.interpose.manager.store;

/** A resource already exists at that path. */
public final class AlreadyExistsException extends RuntimeException {
    private final String path;

    public AlreadyExistsException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
