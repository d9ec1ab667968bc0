package io.interpose.sdk;

import io.interpose.protocol.gi.Severity;
import java.util.Objects;

/**
 * Something the service found in a VM, for the manager's security events. {@code pid} 0 and empty strings
 * mean unknown; {@code actionTaken} is free text such as "denied", "quarantined" or "none".
 */
public record Detection(String vmId, Severity severity, String threatName, String description, String filePath,
        int pid, String actionTaken) {

    public Detection {
        Objects.requireNonNull(vmId, "vmId");
        severity = severity == null ? Severity.SEVERITY_UNSPECIFIED : severity;
        threatName = threatName == null ? "" : threatName;
        description = description == null ? "" : description;
        filePath = filePath == null ? "" : filePath;
        actionTaken = actionTaken == null ? "" : actionTaken;
    }

    /** A detection of {@code threatName} in {@code vmId}; add details with the {@code with*} methods. */
    public static Detection of(String vmId, Severity severity, String threatName) {
        return new Detection(vmId, severity, threatName, "", "", 0, "");
    }

    public Detection withFile(String path) {
        return new Detection(vmId, severity, threatName, description, path, pid, actionTaken);
    }

    public Detection withPid(int processId) {
        return new Detection(vmId, severity, threatName, description, filePath, processId, actionTaken);
    }

    public Detection withDescription(String text) {
        return new Detection(vmId, severity, threatName, text, filePath, pid, actionTaken);
    }

    public Detection withActionTaken(String action) {
        return new Detection(vmId, severity, threatName, description, filePath, pid, action);
    }
}
