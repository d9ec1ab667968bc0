package io.interpose.model.inventory;

import java.util.Objects;

/** A compute cluster (a "compute collection" in the API): the unit services are deployed to. */
public record Cluster(String id, String displayName) {
    public Cluster {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
    }
}
