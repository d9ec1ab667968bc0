package io.interpose.compute.agent;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a runtime needs to start one service VM: its id, whose agent it is, the package, and its
 * OVF environment properties (sorted by key).
 */
public record SvmLaunch(String svmId, String agencyId, String hostId, String agentName, SvmPackage svmPackage,
        Map<String, String> environment) {
    public SvmLaunch {
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    }
}
