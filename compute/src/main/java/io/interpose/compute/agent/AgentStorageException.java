package io.interpose.compute.agent;

/**
 * The agent manager's file could not be read or written, is corrupt, or its directory is in use by
 * another agent manager. The message names the file.
 */
public final class AgentStorageException extends RuntimeException {
    public AgentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
