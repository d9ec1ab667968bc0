package io.interpose.compute.ovf;

/** A logical network of {@code NetworkSection}: its {@code ovf:name} and description. */
public record OvfNetwork(String name, String description) {
    public OvfNetwork {
        name = Text.of(name);
        description = Text.of(description);
    }
}
