package io.interpose.manager.control;

/**
 * A detection a partner SVM reported through its host agent, as stored: the SVM's id for it (unique per
 * service), where it came from, what was found (a file, a Windows registry key) and what was done. Times
 * are epoch milliseconds.
 */
public record SecurityEvent(String id, String serviceId, String deploymentId, String hostId, String vmId, String severity,
        String threatName, String description, String filePath, long pid, String actionTaken, long eventTime, long receiveTime,
        String registryKey) {}
