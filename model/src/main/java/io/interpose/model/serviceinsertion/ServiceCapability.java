package io.interpose.model.serviceinsertion;

/**
 * Capabilities the service VMs of a service inherit (NSX {@code ServiceCapability}): whether the service
 * supports NSH liveness detection, and whether it decrements the NSH service index
 * ({@code can_decrement_si}, read-only, always false here: the manager resets it on every write).
 */
public record ServiceCapability(boolean nshLivenessSupportEnabled, boolean canDecrementSi) {
    /** Nothing enabled; what an absent {@code service_capability} means. */
    public static final ServiceCapability NONE = new ServiceCapability(false, false);

    /** This capability with its read-only fields at their server values. */
    public ServiceCapability withReadOnlyFieldsReset() {
        return new ServiceCapability(nshLivenessSupportEnabled, false);
    }
}
