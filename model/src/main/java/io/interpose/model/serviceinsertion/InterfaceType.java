package io.interpose.model.serviceinsertion;

/** The role of a network interface of a service VM (NSX {@code interface_type}). */
public enum InterfaceType {
    MANAGEMENT,
    DATA1,
    DATA2,
    HA1,
    HA2,
    CONTROL
}
