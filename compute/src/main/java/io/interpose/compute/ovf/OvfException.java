package io.interpose.compute.ovf;

/**
 * An OVF descriptor, package, manifest or environment was refused. {@link #kind()} says whether the
 * package could not be fetched at all ({@link Kind#CANNOT_ACCESS}, the agent manager's
 * {@code CannotAccessAgentOVF}) or was fetched and found wrong ({@link Kind#INVALID_FORMAT}, its
 * {@code OvfInvalidFormat}). The message names the problem and, where it helps, the element, file,
 * entry or URL.
 */
public final class OvfException extends RuntimeException {
    /** Why a package was refused: it could not be read, or what was read is wrong. */
    public enum Kind {
        /** Unreachable host, HTTP error status, missing local file, I/O failure while reading. */
        CANNOT_ACCESS,
        /** Malformed or forbidden XML, unsupported content, bad archive, size limit, manifest mismatch. */
        INVALID_FORMAT
    }

    private final Kind kind;

    public OvfException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OvfException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static OvfException invalid(String message) {
        return new OvfException(Kind.INVALID_FORMAT, message);
    }

    static OvfException inaccessible(String message, Throwable cause) {
        return new OvfException(Kind.CANNOT_ACCESS, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
