package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.GroupMembership;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * VMs, groups and who is in which group, kept both ways (members per group, groups per VM) as bit sets
 * over slots. A VM change evaluates only the groups the {@link GroupIndex} points to, and the groups
 * that reference a group it joined; a group change recomputes that group, then the groups that
 * reference it whose inputs changed, until nothing changes. Not thread-safe.
 */
final class Memberships {
    private final Slots vmSlots = new Slots();
    private final List<VirtualMachine> vms = new ArrayList<>();
    private final List<BitSet> groupsOfVm = new ArrayList<>();
    private final Slots groupSlots = new Slots();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<BitSet> members = new ArrayList<>();
    private final GroupIndex index = new GroupIndex(groupSlots);

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

    /** The paths of the groups the VM in {@code vmSlot} belongs to, among those in {@code among}. */
    List<String> groupsOf(int vmSlot, BitSet among) {
        BitSet bits = (BitSet) groupsOfVm.get(vmSlot).clone();
        bits.and(among);
        List<String> paths = new ArrayList<>(bits.cardinality());
        for (int group = bits.nextSetBit(0); group >= 0; group = bits.nextSetBit(group + 1)) {
            paths.add(groupSlots.id(group));
        }
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

    /** The slots of the groups at these paths (missing groups have none). */
    BitSet groupSlots(Collection<String> groupPaths) {
        BitSet slots = new BitSet();
        for (String path : groupPaths) {
            int slot = groupSlots.slotOf(path);
            if (slot >= 0) {
                slots.set(slot);
            }
        }
        return slots;
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
        return store(vm, evaluate(vm));
    }

    /**
     * Adds or replaces many VMs, evaluating them in parallel (on the common fork-join pool). Into an
     * empty set of VMs, member sets are built a word (64 VMs) at a time rather than bit by bit.
     */
    void putAll(List<VirtualMachine> added) {
        List<BitSet> joined = added.parallelStream().map(this::evaluate).toList();
        boolean distinct = added.stream().map(VirtualMachine::externalId).distinct().count() == added.size();
        if (vmSlots.size() == 0 && vmSlots.capacity() == 0 && distinct) {
            load(added, joined);
            return;
        }
        for (int i = 0; i < added.size(); i++) {
            store(added.get(i), joined.get(i));
        }
    }

    /** Fills an empty set of VMs: slot i for VM i, member sets transposed 64 VMs at a time. */
    private void load(List<VirtualMachine> added, List<BitSet> joined) {
        int blocks = (added.size() + Long.SIZE - 1) / Long.SIZE;
        long[][] words = new long[groupSlots.capacity()][];
        long[] block = new long[groupSlots.capacity()];
        BitSet touched = new BitSet();
        for (int i = 0; i < added.size(); i++) {
            vmSlots.assign(added.get(i).externalId());
            vms.add(added.get(i));
            groupsOfVm.add(joined.get(i));
            BitSet groupsOfOne = joined.get(i);
            for (int group = groupsOfOne.nextSetBit(0); group >= 0; group = groupsOfOne.nextSetBit(group + 1)) {
                block[group] |= 1L << (i % Long.SIZE);
                touched.set(group);
            }
            if (i % Long.SIZE == Long.SIZE - 1 || i == added.size() - 1) {
                for (int group = touched.nextSetBit(0); group >= 0; group = touched.nextSetBit(group + 1)) {
                    if (words[group] == null) {
                        words[group] = new long[blocks];
                    }
                    words[group][i / Long.SIZE] = block[group];
                    block[group] = 0;
                }
                touched.clear();
            }
        }
        for (int group = 0; group < words.length; group++) {
            if (words[group] != null) {
                members.set(group, BitSet.valueOf(words[group]));
            }
        }
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
     * @throws io.interpose.model.InvalidResourceException if the group has violations
     * @throws IllegalArgumentException if the group would close a cycle of PathExpressions
     */
    BitSet putGroup(String path, Group group) {
        GroupEntry entry = GroupEntry.of(group);
        List<String> cycle = cycleThrough(path, group);
        if (!cycle.isEmpty()) {
            throw new IllegalArgumentException("group " + path + " would close a cycle: " + String.join(" -> ", cycle));
        }
        int slot = groupSlots.slotOf(path);
        if (slot >= 0) {
            index.remove(path, slot, groups.get(slot));
        } else {
            slot = groupSlots.assign(path);
            setAt(members, slot, new BitSet());
        }
        setAt(groups, slot, entry);
        index.add(path, slot, entry);
        return recompute(List.of(path));
    }

    /** Removes a group; returns the slots of the VMs whose memberships changed. */
    BitSet removeGroup(String path) {
        int slot = groupSlots.slotOf(path);
        if (slot < 0) {
            return new BitSet();
        }
        index.remove(path, slot, groups.get(slot));
        BitSet changed = members.get(slot);
        changed.stream().forEach(vm -> groupsOfVm.get(vm).clear(slot));
        members.set(slot, null);
        groups.set(slot, null);
        groupSlots.release(path);
        changed.or(recompute(index.referrersOf(path)));
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

    private int store(VirtualMachine vm, BitSet after) {
        int slot = vmSlots.assign(vm.externalId());
        if (slot == vms.size() || vms.get(slot) == null) {
            setAt(groupsOfVm, slot, new BitSet());
        }
        setAt(vms, slot, vm);
        BitSet changed = groupsOfVm.get(slot);
        changed.xor(after);
        for (int group = changed.nextSetBit(0); group >= 0; group = changed.nextSetBit(group + 1)) {
            members.get(group).flip(slot);
        }
        groupsOfVm.set(slot, after);
        return slot;
    }

    /**
     * The groups the VM belongs to: the index's candidates, then the groups that reference a group it
     * joined. Reads only group state, so VMs can be evaluated in parallel.
     */
    private BitSet evaluate(VirtualMachine vm) {
        VmEvaluation evaluation = new VmEvaluation(vm, groupSlots.capacity());
        BitSet candidates = new BitSet(groupSlots.capacity());
        index.candidates(vm, candidates, evaluation.joined);
        evaluation.evaluated.or(evaluation.joined);
        candidates.or(evaluation.joined);
        BitSet done = new BitSet(groupSlots.capacity());
        while (!candidates.isEmpty()) {
            BitSet referrers = new BitSet();
            for (int group = candidates.nextSetBit(0); group >= 0; group = candidates.nextSetBit(group + 1)) {
                if (evaluation.isMember(group)) {
                    referrers.or(index.referrersOf(group));
                }
            }
            done.or(candidates);
            referrers.andNot(done);
            candidates = referrers;
        }
        return evaluation.joined;
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
                work.addAll(index.referrersOf(path));
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
        private final BitSet evaluated;
        private final BitSet joined;

        VmEvaluation(VirtualMachine vm, int groupCapacity) {
            this.vm = vm;
            this.evaluated = new BitSet(groupCapacity);
            this.joined = new BitSet(groupCapacity);
        }

        boolean isMember(int group) {
            if (!evaluated.get(group)) {
                evaluated.set(group);
                if (groups.get(group).formula().matches(vm, this)) {
                    joined.set(group);
                }
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
