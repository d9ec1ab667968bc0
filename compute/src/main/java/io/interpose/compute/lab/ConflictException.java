package io.interpose.compute.lab;

/**
 * A lab admin operation clashes with the current inventory: the id is already taken, or the object
 * still holds others (a cluster with hosts, a host with VMs). Nothing was changed. The HTTP layer
 * answers 409.
 */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
