package io.interpose.manager.realization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small integers for string ids, so that memberships fit in bit sets. Released slots are reused.
 * Not thread-safe; the engine's lock guards it.
 */
final class Slots {
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final Deque<Integer> free = new ArrayDeque<>();
    private final BitSet used = new BitSet();

    /** The slot of {@code id}, or -1. */
    int slotOf(String id) {
        Integer slot = slots.get(id);
        return slot == null ? -1 : slot;
    }

    /** The slot of {@code id}, assigning one if it has none. */
    int assign(String id) {
        int existing = slotOf(id);
        if (existing >= 0) {
            return existing;
        }
        int slot = free.isEmpty() ? ids.size() : free.pop();
        if (slot == ids.size()) {
            ids.add(id);
        } else {
            ids.set(slot, id);
        }
        slots.put(id, slot);
        used.set(slot);
        return slot;
    }

    void release(String id) {
        Integer slot = slots.remove(id);
        if (slot != null) {
            ids.set(slot, null);
            used.clear(slot);
            free.push(slot);
        }
    }

    String id(int slot) {
        return ids.get(slot);
    }

    /** A copy of the slots in use. */
    BitSet used() {
        return (BitSet) used.clone();
    }

    int size() {
        return slots.size();
    }

    /** One past the highest slot ever assigned. */
    int capacity() {
        return ids.size();
    }
}
