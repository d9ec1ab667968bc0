package io.interpose.manager.realization;

import io.interpose.model.Validated;
import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.Group;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The realized state and the incremental steps that keep it current: memberships, rules, and the
 * protections of every VM, with per-rule and per-policy VM counts and the VMs changed since the last
 * drain. Each input change recomputes the protections of the VMs it may affect, and only those.
 * Not thread-safe: {@link RealizationEngine} guards it.
 */
final class Realization {
    private final Memberships memberships = new Memberships();
    private final RuleBook rules = new RuleBook();
    private final List<List<Protection>> protections = new ArrayList<>();
    private final Map<String, Integer> vmsPerRule = new HashMap<>();
    private final Map<String, Integer> vmsPerPolicy = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    private BitSet groupsWithRules;

    static Realization of(RealizationInputs inputs) {
        Realization realization = new Realization();
        inputs.groups().forEach(realization::putGroup);
        inputs.policies().forEach(realization::putPolicy);
        inputs.profiles().forEach(realization::putProfile);
        inputs.rules().forEach(realization::putRule);
        realization.memberships.putAll(inputs.vms());
        realization.protectAll();
        realization.changed.clear();
        return realization;
    }

    /** Computes every VM's protections, in parallel (on the common fork-join pool). */
    private void protectAll() {
        BitSet ruled = groupsWithRules();
        int[] slots = memberships.allVms().stream().toArray();
        List<List<Protection>> computed = Arrays.stream(slots).parallel().boxed()
                .map(slot -> rules.protections(memberships.groupsOf(slot, ruled))).toList();
        for (int i = 0; i < slots.length; i++) {
            setProtections(slots[i], memberships.vm(slots[i]).externalId(), computed.get(i));
        }
    }

    void putVm(VirtualMachine vm) {
        Optional<VirtualMachine> before = memberships.vm(vm.externalId());
        int slot = memberships.putVm(vm);
        boolean moved = before.isPresent() && !Objects.equals(before.get().hostId(), vm.hostId());
        reprotect(slot, moved);
    }

    void removeVm(String externalId) {
        int slot = memberships.vmSlot(externalId);
        if (slot >= 0) {
            setProtections(slot, externalId, List.of());
            memberships.removeVm(externalId);
        }
    }

    void putGroup(String path, Group group) {
        groupsWithRules = null;
        reprotect(memberships.putGroup(path, group));
    }

    void removeGroup(String path) {
        groupsWithRules = null;
        reprotect(memberships.removeGroup(path));
    }

    List<String> cycleThrough(String path, Group group) {
        return memberships.cycleThrough(path, group);
    }

    void putPolicy(String path, EndpointPolicy policy) {
        groupsWithRules = null;
        requireValid("endpoint policy", policy);
        rules.putPolicy(path, policy);
        reprotect(rules.coverageOfPolicy(path));
    }

    void removePolicy(String path) {
        groupsWithRules = null;
        rules.removePolicy(path);
        reprotect(rules.coverageOfPolicy(path));
    }

    void putRule(String path, PolicyRule rule) {
        groupsWithRules = null;
        requireValid("endpoint rule", rule.rule());
        Coverage before = rules.coverageOfRule(path);
        rules.putRule(path, rule);
        reprotect(before.union(rules.coverageOfRule(path)));
    }

    void removeRule(String path) {
        groupsWithRules = null;
        Coverage before = rules.coverageOfRule(path);
        rules.removeRule(path);
        reprotect(before);
    }

    void putProfile(String path, ResolvedProfile profile) {
        groupsWithRules = null;
        Optional<ResolvedProfile> before = rules.profile(path);
        rules.putProfile(path, profile);
        BitSet covered = covered(rules.coverageOfProfile(path));
        if (before.isPresent() && !before.get().equals(profile)) {
            markProtectedBy(path, covered);
        }
        reprotect(covered);
    }

    void removeProfile(String path) {
        groupsWithRules = null;
        rules.removeProfile(path);
        reprotect(rules.coverageOfProfile(path));
    }

    Set<String> members(String groupPath) {
        return memberships.members(groupPath);
    }

    List<Protection> protections(String vmExternalId) {
        int slot = memberships.vmSlot(vmExternalId);
        return slot < 0 ? List.of() : protections.get(slot);
    }

    Optional<RealizationStatus> ruleStatus(String path) {
        return rules.ruleErrors(path, memberships::hasGroup)
                .map(errors -> RealizationStatus.of(errors, vmsPerRule.getOrDefault(path, 0)));
    }

    Optional<RealizationStatus> policyStatus(String path) {
        return rules.policyErrors(path, memberships::hasGroup)
                .map(errors -> RealizationStatus.of(errors, vmsPerPolicy.getOrDefault(path, 0)));
    }

    Set<String> vmIds() {
        Set<String> ids = new HashSet<>();
        memberships.allVms().stream().forEach(slot -> ids.add(memberships.vm(slot).externalId()));
        return ids;
    }

    Optional<VirtualMachine> vm(String externalId) {
        return memberships.vm(externalId);
    }

    Set<String> drainChanged() {
        Set<String> drained = Set.copyOf(changed);
        changed.clear();
        return drained;
    }

    private void reprotect(Coverage coverage) {
        reprotect(covered(coverage));
    }

    private BitSet covered(Coverage coverage) {
        return coverage.everyVm() ? memberships.allVms() : memberships.vmsIn(coverage.groups());
    }

    private void reprotect(BitSet vmSlots) {
        vmSlots.stream().forEach(slot -> reprotect(slot, false));
    }

    private void reprotect(int slot, boolean changedAnyway) {
        String id = memberships.vm(slot).externalId();
        List<Protection> after = rules.protections(memberships.groupsOf(slot, groupsWithRules()));
        boolean differs = slot >= protections.size() || !protections.get(slot).equals(after);
        if (differs) {
            setProtections(slot, id, after);
        } else if (changedAnyway && !after.isEmpty()) {
            changed.add(id);
        }
    }

    /** The slots of the groups some rule in force applies to: the only groups protections look at. */
    private BitSet groupsWithRules() {
        if (groupsWithRules == null) {
            groupsWithRules = memberships.groupSlots(rules.groupsWithRulesInForce());
        }
        return groupsWithRules;
    }

    private void setProtections(int slot, String vmId, List<Protection> after) {
        while (protections.size() <= slot) {
            protections.add(List.of());
        }
        List<Protection> before = protections.get(slot);
        count(before, -1);
        count(after, 1);
        protections.set(slot, after);
        if (!before.equals(after)) {
            changed.add(vmId);
        }
    }

    private void count(List<Protection> list, int delta) {
        list.forEach(p -> vmsPerRule.merge(p.rulePath(), delta, Realization::sumOrNull));
        list.stream().map(Protection::policyPath).distinct()
                .forEach(policy -> vmsPerPolicy.merge(policy, delta, Realization::sumOrNull));
    }

    private static Integer sumOrNull(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    private void markProtectedBy(String profilePath, BitSet candidates) {
        candidates.stream().filter(slot -> protections.get(slot).stream()
                        .anyMatch(p -> p.profilePath().equals(profilePath)))
                .forEach(slot -> changed.add(memberships.vm(slot).externalId()));
    }

    private static void requireValid(String what, Validated body) {
        new Violations().addAll(body.violations()).throwIfAny(what);
    }
}
