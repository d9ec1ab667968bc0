package io.interpose.model;

import java.util.List;

/**
 * A resource body that can check itself. Records normalise in their compact constructor (absent lists
 * become empty) and report problems here rather than throwing, so that a client sees every bad field.
 * Checks that need other resources (does the referenced group exist?) belong to the manager.
 */
public interface Validated {
    List<Violation> violations();
}
