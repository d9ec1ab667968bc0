package io.interpose.compute.agent;

/**
 * A package could not be used: {@link Kind#UNREACHABLE} (it could not be read: filed as
 * {@code CannotAccessAgentOVF}) or {@link Kind#INVALID} (read, but not a valid package: filed as
 * {@code OvfInvalidFormat}). The message names the package and the problem.
 */
public final class PackageException extends RuntimeException {
    private final Kind kind;
    private final String url;

    public PackageException(Kind kind, String url, String message) {
        super(message);
        this.kind = kind;
        this.url = url;
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    /** The issue the agent manager files for it. */
    public IssueType issueType() {
        return kind == Kind.UNREACHABLE ? IssueType.CANNOT_ACCESS_AGENT_OVF : IssueType.OVF_INVALID_FORMAT;
    }

    public enum Kind { UNREACHABLE, INVALID }
}
