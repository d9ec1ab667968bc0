package io.interpose.model.serviceinsertion;

/** How traffic reaches a service appliance (NSX {@code transports}). */
public enum Transport {
    L2_BRIDGE,
    L3_ROUTED,
    NSH
}
