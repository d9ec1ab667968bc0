package io.interpose.compute.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * How the lab starts a host's workloads when the host connects or leaves maintenance mode: it asks the
 * {@link io.interpose.compute.HostPowerOnGate} to wait up to {@code gateTimeout} for the host's service
 * VMs, then powers the workloads on, ready or not. Bound once when the lab opens.
 *
 * @param gateTimeout from zero to {@link #MAX_GATE_TIMEOUT}; {@link #DEFAULT} uses 30 seconds
 * @throws IllegalArgumentException if the timeout is missing, negative or longer than an hour
 */
public record HostStartPolicy(Duration gateTimeout) {
    public static final Duration MAX_GATE_TIMEOUT = Duration.ofHours(1);
    public static final HostStartPolicy DEFAULT = new HostStartPolicy(Duration.ofSeconds(30));

    public HostStartPolicy {
        Objects.requireNonNull(gateTimeout, "gate_timeout is required");
        if (gateTimeout.isNegative() || gateTimeout.compareTo(MAX_GATE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("gate_timeout must be from 0 to " + MAX_GATE_TIMEOUT + ", got " + gateTimeout);
        }
    }
}
