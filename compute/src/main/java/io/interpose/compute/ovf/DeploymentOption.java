package io.interpose.compute.ovf;

/**
 * A configuration of {@code DeploymentOptionSection} (a form factor): {@code ovf:id}, its label and
 * description, and whether it is marked {@code ovf:default="true"}.
 */
public record DeploymentOption(String id, String label, String description, boolean isDefault) {
    public DeploymentOption {
        id = Text.of(id);
        label = Text.of(label);
        description = Text.of(description);
    }
}
