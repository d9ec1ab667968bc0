package io.interpose.compute.ovf;

import java.util.OptionalLong;

/**
 * A file of the package ({@code References/File}): its {@code ovf:id}, its {@code ovf:href} (relative to
 * the descriptor) and, when the descriptor gives it, its {@code ovf:size} in bytes.
 */
public record FileReference(String id, String href, OptionalLong size) {
    public FileReference {
        id = Text.of(id);
        href = Text.of(href);
        size = size == null ? OptionalLong.empty() : size;
    }
}
