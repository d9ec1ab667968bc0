package io.interpose.manager.realization;

import java.util.List;

/**
 * The realization of one endpoint rule or policy. {@code REALIZED} when everything it references
 * exists; {@code ERROR} otherwise, with one reason per missing object. {@code vmCount} is the number
 * of VMs it protects now: for a rule, the VMs for which it decided a service's profile; for a policy,
 * the VMs protected by at least one of its rules.
 */
public record RealizationStatus(State state, List<String> errors, int vmCount) {
    public RealizationStatus {
        errors = List.copyOf(errors);
    }

    static RealizationStatus of(List<String> errors, int vmCount) {
        return new RealizationStatus(errors.isEmpty() ? State.REALIZED : State.ERROR, errors, vmCount);
    }

    public enum State { REALIZED, ERROR }
}
