package io.interpose.model.policy;

/**
 * What a group expression selects. Only virtual machines are supported for now; the reference API has
 * more member types (segments, ports, IP sets), and a body naming one of them is refused by the JSON
 * codec with the list of these constants.
 */
public enum MemberType {
    VirtualMachine
}
