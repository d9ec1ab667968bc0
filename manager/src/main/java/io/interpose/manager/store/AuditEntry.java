package io.interpose.manager.store;

/** One audited write: who did what to which path, when, and with what HTTP result. */
public record AuditEntry(long time, String user, String method, String path, int status, String detail) {
    public AuditEntry {
        detail = detail == null ? "" : detail;
    }
}
