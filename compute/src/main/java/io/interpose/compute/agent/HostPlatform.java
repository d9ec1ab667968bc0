package io.interpose.compute.agent;

import java.util.Map;

/**
 * What a hypervisor host adds to the OVF environment of every service VM it runs, beside what the
 * manager asked for: today the address of the host's Context MUX ({@code interpose.mux.address}),
 * which only the host knows. Called when a service VM starts; may block briefly (the lab starts the
 * host's agent on first use). Must not throw for a known host.
 */
@FunctionalInterface
public interface HostPlatform {
    HostPlatform NONE = hostId -> Map.of();

    Map<String, String> properties(String hostId);
}
