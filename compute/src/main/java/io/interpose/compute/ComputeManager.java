package io.interpose.compute;

import io.interpose.model.Tag;
import java.util.List;

/**
 * The inventory authority (vCenter in the seed; the lab datacenter here). The manager reads a snapshot
 * at start, then follows changes through {@link #watch}. Implementations call listeners on their own
 * thread, in the order changes happened, after the change is durable.
 */
public interface ComputeManager {

    /** A stable id for this compute manager, used as {@code compute_manager_id} in the API. */
    String id();

    Inventory snapshot();

    /** Registers {@code listener} for every change after this call; close the result to stop. */
    AutoCloseable watch(InventoryListener listener);

    /**
     * Replaces the tags of one VM (the API's {@code update_tags} action).
     *
     * @throws UnknownObjectException if no VM has that external id
     */
    void updateVmTags(String externalId, List<Tag> tags);
}
