package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Group;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Realization, in memory and incremental: which VMs each group holds, and which services protect each
 * VM with which profile, kept current as VMs, groups, endpoint policies, rules and service profiles
 * come and go. Inputs are identified by their policy paths; bodies must be valid (puts throw
 * {@link io.interpose.model.InvalidResourceException} otherwise) but may reference objects that do
 * not exist yet: such rules are reported in {@code ERROR} state.
 *
 * <p><b>Precedence.</b> A rule is in force when its endpoint policy and its service profile exist. Rules
 * in force are ordered by (policy {@code sequence_number}, policy path, rule {@code sequence_number},
 * rule path). For each VM and each service, the first rule in that order whose groups contain the VM
 * (or whose groups are {@code ANY}) decides that service's profile; several services may protect one
 * VM. A rule whose groups partly do not exist still applies through the groups that do.
 *
 * <p><b>Incrementality.</b> A VM change evaluates that VM against the groups its index keys select (plus
 * groups that cannot be indexed and groups that reference a group it is in) and recomputes its
 * protections. A group change recomputes its members, then those of the groups that reference it by
 * path, then the protections of the VMs whose memberships changed. A rule, policy or profile change
 * recomputes the protections of the VMs in the groups it covers.
 *
 * <p><b>Threads.</b> One writer at a time; readers see the state between two writes, never during one.
 * {@link #rebuildAll} builds the new state without holding the lock, then swaps it in: changes made
 * meanwhile through the other methods are discarded, so callers serialise rebuilds with their writes.
 */
public final class RealizationEngine {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<String> changedBeforeRebuild = new HashSet<>();
    private Realization state = new Realization();

    public void putVm(VirtualMachine vm) {
        write(() -> state.putVm(vm));
    }

    public void removeVm(String externalId) {
        write(() -> state.removeVm(externalId));
    }

    /**
     * Adds or replaces the group at {@code path}.
     *
     * @throws IllegalArgumentException if its PathExpressions would close a cycle (see {@link #checkNoCycle})
     */
    public void putGroup(String path, Group group) {
        write(() -> state.putGroup(path, group));
    }

    public void removeGroup(String path) {
        write(() -> state.removeGroup(path));
    }

    /**
     * The cycle that storing {@code group} at {@code path} would close through PathExpressions, as the
     * paths from {@code path} back to itself (for example {@code [a, b, a]}); empty when there is none.
     * The manager calls this before storing a group, to refuse it with the cycle in the error.
     */
    public List<String> checkNoCycle(String path, Group group) {
        return read(() -> state.cycleThrough(path, group));
    }

    public void putPolicy(String path, EndpointPolicy policy) {
        write(() -> state.putPolicy(path, policy));
    }

    public void removePolicy(String path) {
        write(() -> state.removePolicy(path));
    }

    public void putRule(String path, String policyPath, EndpointRule rule) {
        write(() -> state.putRule(path, new PolicyRule(policyPath, rule)));
    }

    public void removeRule(String path) {
        write(() -> state.removeRule(path));
    }

    /** Adds or replaces a service profile; a new key or attributes mark the VMs it protects as changed. */
    public void putProfile(String path, ResolvedProfile profile) {
        write(() -> state.putProfile(path, profile));
    }

    public void removeProfile(String path) {
        write(() -> state.removeProfile(path));
    }

    /**
     * Replaces every input and realizes from scratch. VMs whose protections differ from before are
     * reported by the next {@link #drainChangedVms()}.
     *
     * @throws IllegalArgumentException if the groups contain a cycle (the current state is kept)
     */
    public void rebuildAll(RealizationInputs inputs) {
        Realization rebuilt = Realization.of(inputs);
        write(() -> {
            changedBeforeRebuild.addAll(state.drainChanged());
            changedBeforeRebuild.addAll(differences(state, rebuilt));
            state = rebuilt;
        });
    }

    /** The external ids of the VMs in the group; empty for an unknown group. */
    public Set<String> members(String groupPath) {
        return read(() -> state.members(groupPath));
    }

    /** The services protecting the VM, in precedence order; empty for an unknown VM. */
    public List<Protection> protections(String vmExternalId) {
        return read(() -> state.protections(vmExternalId));
    }

    /** The realization of the rule at {@code path}; empty if no such rule was put. */
    public Optional<RealizationStatus> ruleStatus(String path) {
        return read(() -> state.ruleStatus(path));
    }

    /** The realization of the policy at {@code path}; empty if no such policy was put. */
    public Optional<RealizationStatus> policyStatus(String path) {
        return read(() -> state.policyStatus(path));
    }

    /**
     * The external ids of the VMs whose protections changed since the last call: protections added,
     * removed or replaced, the content of a protecting profile changed, the VM moved to another host
     * while protected, or the VM was removed while protected.
     */
    public Set<String> drainChangedVms() {
        return write(() -> {
            Set<String> drained = new HashSet<>(changedBeforeRebuild);
            changedBeforeRebuild.clear();
            drained.addAll(state.drainChanged());
            return Set.copyOf(drained);
        });
    }

    private static Set<String> differences(Realization before, Realization after) {
        Set<String> ids = new HashSet<>(before.vmIds());
        ids.addAll(after.vmIds());
        ids.removeIf(id -> before.protections(id).equals(after.protections(id))
                && (after.protections(id).isEmpty() || hostOf(before, id).equals(hostOf(after, id))));
        return ids;
    }

    private static Optional<String> hostOf(Realization realization, String vmId) {
        return realization.vm(vmId).map(VirtualMachine::hostId);
    }

    private void write(Runnable change) {
        write(() -> {
            change.run();
            return null;
        });
    }

    private <T> T write(Supplier<T> change) {
        return locked(lock.writeLock(), change);
    }

    private <T> T read(Supplier<T> query) {
        return locked(lock.readLock(), query);
    }

    private static <T> T locked(Lock held, Supplier<T> action) {
        held.lock();
        try {
            return action.get();
        } finally {
            held.unlock();
        }
    }
}
