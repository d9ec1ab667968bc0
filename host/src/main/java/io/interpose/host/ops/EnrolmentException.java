package io.interpose.host.ops;

/**
 * The host has no usable identity: it has none on disk and no join token, its files are damaged or
 * belong to another host, or the manager refused or could not be reached for enrolment. The message
 * says which, and what the operator can do.
 */
public final class EnrolmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnrolmentException(String message) {
        super(message);
    }

    public EnrolmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
