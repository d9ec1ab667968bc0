package io.interpose.compute.agent;

import io.interpose.model.inventory.Host;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OVF environment properties that differ per host (an SVM's own credentials, for example). The
 * agent manager calls it when it deploys an agent and when the agency's configuration changes, so it
 * must answer the same for the same host; a different answer redeploys that host's service VM.
 *
 * <p>A function cannot be stored: the agent manager records what it answered for each host, and after a
 * restart it uses those answers until the agency's configuration is given again ({@code updateAgency});
 * a host it never answered for waits meanwhile (issue {@link IssueType#VM_NOT_DEPLOYED}).
 */
@FunctionalInterface
public interface HostProperties {
    /** No per-host properties. */
    HostProperties NONE = host -> Optional.of(Map.of());

    /** The properties for {@code host}, or empty if they are not known (the agent is not deployed yet). */
    Optional<Map<String, String>> forHost(Host host);

    /** Per-host properties computed by {@code function}. */
    static HostProperties of(Function<Host, Map<String, String>> function) {
        return host -> Optional.of(function.apply(host));
    }
}
