package io.interpose.manager.store;

/** No resource at that path. */
public final class NotFoundException extends RuntimeException {
    private final String path;

    public NotFoundException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
