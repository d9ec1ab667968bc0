package io.interpose.compute.lab;

/**
 * The lab inventory file could not be read or written: unreadable, corrupt or truncated, from an
 * unknown format version, or its directory is already in use. The message names the file. When a
 * write fails the in-memory inventory is left as it was, so the operation had no effect.
 */
public final class LabStorageException extends RuntimeException {
    public LabStorageException(String message) {
        super(message);
    }

    public LabStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
