package io.interpose.model.serviceinsertion;

/** The hypervisor a service VM package can be deployed on (NSX {@code host_type}). */
public enum HostType {
    ESXI,
    RHELKVM,
    UBUNTUKVM
}
