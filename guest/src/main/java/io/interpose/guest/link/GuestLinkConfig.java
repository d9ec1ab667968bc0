package io.interpose.guest.link;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.OsFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How a {@link GuestLink} connects and whom it speaks for.
 *
 * @param socket the MUX's Unix domain socket (in the lab: {@code gi-guest.sock} in the host agent's directory)
 * @param vmId the VM's external id, as the inventory knows it
 * @param credential the VM's guest credential; asked again on every connect, so a re-provisioned one is used
 * @param capabilities the event types this agent can produce; the MUX never asks for others
 * @param notifyQueue bound of the notification queue ({@link GuestLink#notify} returns false beyond it)
 * @param sendQueue bound of the queue for events awaiting a verdict, answers and heartbeats
 * @param maxWaiting bound of the events waiting for a verdict; beyond it decide() answers the default at once
 * @param fallbackDeadline how long to hold an event before any Interest names a deadline
 * @param fallbackDecision what to apply before any Interest names a default decision
 */
public record GuestLinkConfig(Path socket, String vmId, Supplier<String> credential, String agentName,
                              String agentVersion, OsFamily osFamily, String osName, Set<EventType> capabilities,
                              int notifyQueue, int sendQueue, int maxWaiting, Duration fallbackDeadline,
                              Decision fallbackDecision, Backoff backoff) {

    /** Every event type a Linux agent can produce (all but the Windows registry). */
    public static final Set<EventType> LINUX_EVENTS = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNRECOGNIZED && t != EventType.EVENT_TYPE_UNSPECIFIED)
            .filter(t -> !t.name().startsWith("REGISTRY_"))
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));

    /** Every event type a Windows agent can produce: file, process, network, user, registry and system. */
    public static final Set<EventType> WINDOWS_EVENTS = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNRECOGNIZED && t != EventType.EVENT_TYPE_UNSPECIFIED)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));

    public GuestLinkConfig {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(osFamily, "osFamily");
        Objects.requireNonNull(fallbackDeadline, "fallbackDeadline");
        Objects.requireNonNull(fallbackDecision, "fallbackDecision");
        Objects.requireNonNull(backoff, "backoff");
        if (vmId == null || vmId.isBlank()) {
            throw new IllegalArgumentException("vmId is required");
        }
        agentName = Objects.requireNonNullElse(agentName, "interpose-guest");
        agentVersion = Objects.requireNonNullElse(agentVersion, "0");
        osName = Objects.requireNonNullElse(osName, "");
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        if (notifyQueue < 1 || sendQueue < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        if (fallbackDeadline.isNegative() || fallbackDeadline.isZero()) {
            throw new IllegalArgumentException("fallbackDeadline must be positive");
        }
        if (fallbackDecision != Decision.ALLOW && fallbackDecision != Decision.DENY) {
            throw new IllegalArgumentException("fallbackDecision must be ALLOW or DENY");
        }
    }

    /**
     * A Linux agent with the usual bounds: 65,536 notifications, 8,192 other frames, 4,096 waiting events,
     * 1 s and ALLOW until the first Interest, standard backoff.
     */
    public static GuestLinkConfig linux(Path socket, String vmId, Supplier<String> credential) {
        return new GuestLinkConfig(socket, vmId, credential, "interpose-guest", "0.1.0", OsFamily.LINUX, "Linux",
                LINUX_EVENTS, 65_536, 8_192, 4_096, Duration.ofSeconds(1), Decision.ALLOW, Backoff.STANDARD);
    }

    /**
     * A Windows agent with the same bounds as {@link #linux}, announcing {@code osName}
     * (e.g. "Microsoft Windows Server 2022") and {@link #WINDOWS_EVENTS}.
     */
    public static GuestLinkConfig windows(Path socket, String vmId, Supplier<String> credential, String osName) {
        return new GuestLinkConfig(socket, vmId, credential, "interpose-guest", "0.1.0", OsFamily.WINDOWS, osName,
                WINDOWS_EVENTS, 65_536, 8_192, 4_096, Duration.ofSeconds(1), Decision.ALLOW, Backoff.STANDARD);
    }

    /** The same with another agent name and version (as sent in the hello). */
    public GuestLinkConfig withAgent(String name, String version) {
        return new GuestLinkConfig(socket, vmId, credential, name, version, osFamily, osName, capabilities,
                notifyQueue, sendQueue, maxWaiting, fallbackDeadline, fallbackDecision, backoff);
    }

    /** The same announcing other capabilities (the event types this agent can produce). */
    public GuestLinkConfig withCapabilities(Set<EventType> types) {
        return new GuestLinkConfig(socket, vmId, credential, agentName, agentVersion, osFamily, osName, types,
                notifyQueue, sendQueue, maxWaiting, fallbackDeadline, fallbackDecision, backoff);
    }

    /** The same with other queue bounds. */
    public GuestLinkConfig withQueues(int notify, int send, int waiting) {
        return new GuestLinkConfig(socket, vmId, credential, agentName, agentVersion, osFamily, osName, capabilities,
                notify, send, waiting, fallbackDeadline, fallbackDecision, backoff);
    }

    /** The same with another reconnect backoff. */
    public GuestLinkConfig withBackoff(Backoff other) {
        return new GuestLinkConfig(socket, vmId, credential, agentName, agentVersion, osFamily, osName, capabilities,
                notifyQueue, sendQueue, maxWaiting, fallbackDeadline, fallbackDecision, other);
    }
}
