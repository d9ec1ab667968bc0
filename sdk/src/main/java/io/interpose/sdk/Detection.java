package io.interpose.sdk;

import io.interpose.protocol.gi.Severity;
import java.util.Objects;

/**
 * Something the service found in a VM, for the manager's security events. {@code pid} 0 and empty strings
 * mean unknown; {@code actionTaken} is free text such as "denied", "quarantined" or "none";
 * {@code registryKey} names the Windows registry key (and value) involved, if any.
 */
public record Detection(String vmId, Severity severity, String threatName, String description, String filePath,
        int pid, String actionTaken, String registryKey) {

    public Detection {
        Objects.requireNonNull(vmId, "vmId");
        severity = severity == null ? Severity.SEVERITY_UNSPECIFIED : severity;
        threatName = threatName == null ? "" : threatName;
        description = description == null ? "" : description;
        filePath = filePath == null ? "" : filePath;
        actionTaken = actionTaken == null ? "" : actionTaken;
        registryKey = registryKey == null ? "" : registryKey;
    }

    /** A detection without a registry key (the constructor of SDK 0.1.0, kept for its callers). */
    public Detection(String vmId, Severity severity, String threatName, String description, String filePath, int pid,
            String actionTaken) {
        this(vmId, severity, threatName, description, filePath, pid, actionTaken, "");
    }

    /** A detection of {@code threatName} in {@code vmId}; add details with the {@code with*} methods. */
    public static Detection of(String vmId, Severity severity, String threatName) {
        return new Detection(vmId, severity, threatName, "", "", 0, "", "");
    }

    public Detection withFile(String path) {
        return new Detection(vmId, severity, threatName, description, path, pid, actionTaken, registryKey);
    }

    public Detection withPid(int processId) {
        return new Detection(vmId, severity, threatName, description, filePath, processId, actionTaken, registryKey);
    }

    public Detection withDescription(String text) {
        return new Detection(vmId, severity, threatName, text, filePath, pid, actionTaken, registryKey);
    }

    public Detection withActionTaken(String action) {
        return new Detection(vmId, severity, threatName, description, filePath, pid, action, registryKey);
    }

    /** The registry key involved, e.g. {@code HKLM\Software\Microsoft\Windows\CurrentVersion\Run\Updater}. */
    public Detection withRegistryKey(String key) {
        return new Detection(vmId, severity, threatName, description, filePath, pid, actionTaken, key);
    }
}
