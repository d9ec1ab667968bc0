package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * How a VM change finds the groups it may belong to, by group slot: groups indexed under each
 * {@link IndexKeys index key} (exact ones apart: a key hit makes the VM a member), groups that cannot
 * be indexed, and the groups that reference each group by path. Reads are safe from several threads
 * while nothing writes. Not thread-safe otherwise.
 */
final class GroupIndex {
    private final Slots groupSlots;
    private final Map<String, BitSet> byKey = new HashMap<>();
    private final Map<String, BitSet> exactByKey = new HashMap<>();
    private final BitSet scan = new BitSet();
    private final Map<String, Integer> families = new HashMap<>();
    private final Map<String, Set<String>> referencedBy = new HashMap<>();
    private final List<BitSet> referrers = new ArrayList<>();

    GroupIndex(Slots groupSlots) {
        this.groupSlots = groupSlots;
    }

    /** Indexes the group now at {@code path} and {@code slot}. */
    void add(String path, int slot, GroupEntry entry) {
        while (referrers.size() <= slot) {
            referrers.add(new BitSet());
        }
        Map<String, BitSet> index = entry.exact() ? exactByKey : byKey;
        for (String key : entry.keys()) {
            index.computeIfAbsent(key, k -> new BitSet()).set(slot);
            families.merge(IndexKeys.family(key), 1, Integer::sum);
        }
        scan.set(slot, entry.scan());
        for (String ref : entry.references()) {
            referencedBy.computeIfAbsent(ref, r -> new HashSet<>()).add(path);
            withSlot(ref, refSlot -> referrers.get(refSlot).set(slot));
        }
        BitSet mine = new BitSet();
        referrersOf(path).forEach(referrer -> withSlot(referrer, mine::set));
        referrers.set(slot, mine);
    }

    /** Forgets the group at {@code path} and {@code slot}, before its slot is released. */
    void remove(String path, int slot, GroupEntry entry) {
        Map<String, BitSet> index = entry.exact() ? exactByKey : byKey;
        for (String key : entry.keys()) {
            BitSet groups = index.get(key);
            groups.clear(slot);
            if (groups.isEmpty()) {
                index.remove(key);
            }
            families.merge(IndexKeys.family(key), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        scan.clear(slot);
        for (String ref : entry.references()) {
            Set<String> paths = referencedBy.get(ref);
            paths.remove(path);
            if (paths.isEmpty()) {
                referencedBy.remove(ref);
            }
            withSlot(ref, refSlot -> referrers.get(refSlot).clear(slot));
        }
        referrers.set(slot, new BitSet());
    }

    /** The paths of the groups that reference {@code path}, whether or not a group exists there. */
    Set<String> referrersOf(String path) {
        return referencedBy.getOrDefault(path, Set.of());
    }

    /** The slots of the groups that reference the group in {@code slot}. */
    BitSet referrersOf(int slot) {
        return referrers.get(slot);
    }

    /**
     * Adds to {@code candidates} the groups the VM may belong to, apart from those it can only join
     * through a referenced group; adds to {@code members} the exact groups its keys hit.
     */
    void candidates(VirtualMachine vm, BitSet candidates, BitSet members) {
        candidates.or(scan);
        for (String key : IndexKeys.of(vm, families.keySet())) {
            BitSet groups = byKey.get(key);
            if (groups != null) {
                candidates.or(groups);
            }
            BitSet exact = exactByKey.get(key);
            if (exact != null) {
                members.or(exact);
            }
        }
    }

    private void withSlot(String path, IntConsumer action) {
        int slot = groupSlots.slotOf(path);
        if (slot >= 0) {
            action.accept(slot);
        }
    }
}
