package io.interpose.compute.agent;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one agent's service VM should be: its package and its resolved OVF environment, with the part of
 * it that the agency's {@link HostProperties} answered (recorded for restarts).
 */
record SvmSpec(PackageSource source, Map<String, String> environment, Map<String, String> hostProperties) {
    SvmSpec {
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        hostProperties = Map.copyOf(hostProperties);
    }
}
