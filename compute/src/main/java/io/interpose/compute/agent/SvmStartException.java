package io.interpose.compute.agent;

/**
 * A runtime could not start a service VM (its command cannot run, its directory cannot be written, the
 * runtime is closed).
 */
public final class SvmStartException extends RuntimeException {
    public SvmStartException(String message) {
        super(message);
    }

    public SvmStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
