package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.GroupMembership;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * VMs, groups and who is in which group, kept both ways (members per group, groups per VM) as bit sets
 * over slots. A VM change evaluates only the groups its index keys point to, the groups that cannot be
 * indexed, and the groups that reference a group it joined; a group change recomputes that group, then
 * the groups that reference it whose inputs changed, until nothing changes. Not thread-safe.
 */
final class Memberships {
    private final Slots vmSlots = new Slots();
    private final List<VirtualMachine> vms = new ArrayList<>();
    private final List<BitSet> groupsOfVm = new ArrayList<>();
    private final Slots groupSlots = new Slots();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<BitSet> members = new ArrayList<>();
    private final Map<String, BitSet> groupsByKey = new HashMap<>();
    private final BitSet scanGroups = new BitSet();
    private final Map<String, Set<String>> referencedBy = new HashMap<>();

    Optional<VirtualMachine> vm(String externalId) {
        int slot = vmSlots.slotOf(externalId);
        return slot < 0 ? Optional.empty() : Optional.of(vms.get(slot));
    }

    VirtualMachine vm(int slot) {
        return vms.get(slot);
    }

    int vmSlot(String externalId) {
        return vmSlots.slotOf(externalId);
    }

    BitSet allVms() {
        return vmSlots.used();
    }

    boolean hasGroup(String path) {
        return groupSlots.slotOf(path) >= 0;
    }

    /** The group paths the VM in {@code vmSlot} belongs to. */
    List<String> groupsOf(int vmSlot) {
        BitSet bits = groupsOfVm.get(vmSlot);
        List<String> paths = new ArrayList<>(bits.cardinality());
        bits.stream().forEach(group -> paths.add(groupSlots.id(group)));
        return paths;
    }

    Set<String> members(String groupPath) {
        int slot = groupSlots.slotOf(groupPath);
        Set<String> ids = new HashSet<>();
        if (slot >= 0) {
            members.get(slot).stream().forEach(vm -> ids.add(vmSlots.id(vm)));
        }
        return ids;
    }

    /** The VMs in any of these groups (missing groups have none). */
    BitSet vmsIn(Collection<String> groupPaths) {
        BitSet union = new BitSet();
        for (String path : groupPaths) {
            int slot = groupSlots.slotOf(path);
            if (slot >= 0) {
                union.or(members.get(slot));
            }
        }
        return union;
    }

    /** Adds or replaces a VM and re-evaluates its memberships; returns its slot. */
    int putVm(VirtualMachine vm) {
        int slot = vmSlots.assign(vm.externalId());
        if (slot == vms.size() || vms.get(slot) == null) {
            setAt(groupsOfVm, slot, new BitSet());
        }
        setAt(vms, slot, vm);
        BitSet before = groupsOfVm.get(slot);
        BitSet after = evaluate(vm);
        BitSet changed = (BitSet) before.clone();
        changed.xor(after);
        changed.stream().forEach(group -> members.get(group).flip(slot));
        groupsOfVm.set(slot, after);
        return slot;
    }

    void removeVm(String externalId) {
        int slot = vmSlots.slotOf(externalId);
        if (slot >= 0) {
            groupsOfVm.get(slot).stream().forEach(group -> members.get(group).clear(slot));
            groupsOfVm.set(slot, new BitSet());
            vms.set(slot, null);
            vmSlots.release(externalId);
        }
    }

    /**
     * Adds or replaces a group and recomputes the memberships that depend on it.
     *
     * @return the slots of the VMs whose memberships changed
     * @throws IllegalArgumentException if the group would close a cycle of PathExpressions
     */
    BitSet putGroup(String path, Group group) {
        List<String> cycle = cycleThrough(path, group);
        if (!cycle.isEmpty()) {
            throw new IllegalArgumentException("group " + path + " would close a cycle: " + String.join(" -> ", cycle));
        }
        GroupEntry entry = GroupEntry.of(group);
        int slot = groupSlots.slotOf(path);
        if (slot >= 0) {
            unindex(path, slot);
        } else {
            slot = groupSlots.assign(path);
            setAt(members, slot, new BitSet());
        }
        setAt(groups, slot, entry);
        index(path, slot, entry);
        return recompute(List.of(path));
    }

    /** Removes a group; returns the slots of the VMs whose memberships changed. */
    BitSet removeGroup(String path) {
        int slot = groupSlots.slotOf(path);
        if (slot < 0) {
            return new BitSet();
        }
        unindex(path, slot);
        BitSet changed = members.get(slot);
        changed.stream().forEach(vm -> groupsOfVm.get(vm).clear(slot));
        members.set(slot, null);
        groups.set(slot, null);
        groupSlots.release(path);
        changed.or(recompute(referencedBy.getOrDefault(path, Set.of())));
        return changed;
    }

    /**
     * The cycle that storing {@code group} at {@code path} would close, as the list of paths from
     * {@code path} back to itself; empty when there is none.
     */
    List<String> cycleThrough(String path, Group group) {
        List<String> route = new ArrayList<>(List.of(path));
        return reaches(path, group.referencedGroupPaths(), route, new HashSet<>()) ? route : List.of();
    }

    private boolean reaches(String target, Set<String> from, List<String> route, Set<String> visited) {
        for (String next : from) {
            route.add(next);
            if (next.equals(target) || visited.add(next) && reaches(target, referencesOf(next), route, visited)) {
                return true;
            }
            route.remove(route.size() - 1);
        }
        return false;
    }

    private Set<String> referencesOf(String path) {
        int slot = groupSlots.slotOf(path);
        return slot < 0 ? Set.of() : groups.get(slot).references();
    }

    private BitSet evaluate(VirtualMachine vm) {
        VmEvaluation evaluation = new VmEvaluation(vm);
        BitSet candidates = (BitSet) scanGroups.clone();
        for (String key : IndexKeys.of(vm)) {
            BitSet indexed = groupsByKey.get(key);
            if (indexed != null) {
                candidates.or(indexed);
            }
        }
        BitSet done = new BitSet();
        for (int group = candidates.nextSetBit(0); group >= 0; group = candidates.nextSetBit(0)) {
            candidates.clear(group);
            if (!done.get(group) && evaluation.isMember(group)) {
                enqueueReferrers(group, candidates);
            }
            done.set(group);
        }
        return evaluation.joined;
    }

    private void enqueueReferrers(int group, BitSet candidates) {
        for (String referrer : referencedBy.getOrDefault(groupSlots.id(group), Set.of())) {
            int slot = groupSlots.slotOf(referrer);
            if (slot >= 0) {
                candidates.set(slot);
            }
        }
    }

    /** Recomputes these groups, then the groups referencing any whose members changed, to a fixpoint. */
    private BitSet recompute(Collection<String> paths) {
        BitSet changedVms = new BitSet();
        Set<String> work = new LinkedHashSet<>(paths);
        while (!work.isEmpty()) {
            String path = work.iterator().next();
            work.remove(path);
            int slot = groupSlots.slotOf(path);
            if (slot >= 0 && recomputeGroup(slot, changedVms)) {
                work.addAll(referencedBy.getOrDefault(path, Set.of()));
            }
        }
        return changedVms;
    }

    private boolean recomputeGroup(int slot, BitSet changedVms) {
        GroupEntry entry = groups.get(slot);
        BitSet candidates = entry.everyTermNeedsPath() ? vmsIn(entry.references()) : allVms();
        BitSet after = new BitSet();
        for (int vm = candidates.nextSetBit(0); vm >= 0; vm = candidates.nextSetBit(vm + 1)) {
            if (entry.formula().matches(vms.get(vm), current(vm))) {
                after.set(vm);
            }
        }
        BitSet changed = members.get(slot);
        changed.xor(after);
        changed.stream().forEach(vm -> groupsOfVm.get(vm).flip(slot));
        members.set(slot, after);
        changedVms.or(changed);
        return !changed.isEmpty();
    }

    /** Membership as stored now, for the VM in {@code vmSlot}. */
    private GroupMembership current(int vmSlot) {
        return (path, vm) -> {
            int group = groupSlots.slotOf(path);
            return group >= 0 && members.get(group).get(vmSlot);
        };
    }

    private void index(String path, int slot, GroupEntry entry) {
        entry.keys().forEach(key -> groupsByKey.computeIfAbsent(key, k -> new BitSet()).set(slot));
        scanGroups.set(slot, entry.scan());
        entry.references().forEach(ref -> referencedBy.computeIfAbsent(ref, r -> new HashSet<>()).add(path));
    }

    private void unindex(String path, int slot) {
        GroupEntry entry = groups.get(slot);
        for (String key : entry.keys()) {
            BitSet indexed = groupsByKey.get(key);
            indexed.clear(slot);
            if (indexed.isEmpty()) {
                groupsByKey.remove(key);
            }
        }
        scanGroups.clear(slot);
        for (String ref : entry.references()) {
            Set<String> referrers = referencedBy.get(ref);
            referrers.remove(path);
            if (referrers.isEmpty()) {
                referencedBy.remove(ref);
            }
        }
    }

    private static <T> void setAt(List<T> list, int slot, T value) {
        if (slot == list.size()) {
            list.add(value);
        } else {
            list.set(slot, value);
        }
    }

    /** One VM's memberships being worked out: each group evaluated at most once, referenced groups first. */
    private final class VmEvaluation implements GroupMembership {
        private final VirtualMachine vm;
        private final BitSet evaluated = new BitSet();
        private final BitSet joined = new BitSet();

        VmEvaluation(VirtualMachine vm) {
            this.vm = vm;
        }

        boolean isMember(int group) {
            if (!evaluated.get(group)) {
                evaluated.set(group);
                joined.set(group, groups.get(group).formula().matches(vm, this));
            }
            return joined.get(group);
        }

        @Override
        public boolean contains(String groupPath, VirtualMachine ignored) {
            int group = groupSlots.slotOf(groupPath);
            return group >= 0 && isMember(group);
        }
    }
}
