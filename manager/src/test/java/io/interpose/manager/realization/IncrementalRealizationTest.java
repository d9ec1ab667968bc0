package io.interpose.manager.realization;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Group;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/** After any sequence of changes, the incremental engine agrees with a realization from scratch. */
class IncrementalRealizationTest {

    @Property(tries = 200)
    void incrementalStateEqualsFromScratchAfterEveryChange(@ForAll("operations") List<Operation> operations) {
        RealizationEngine engine = new RealizationEngine();
        ReferenceRealization reference = new ReferenceRealization();
        for (Operation operation : operations) {
            if (closesCycle(engine, reference, operation)) {
                continue;
            }
            Map<String, List<Protection>> before = protections(reference);
            Set<String> expectedChanged = alsoChanged(reference, operation);
            operation.apply(engine);
            operation.apply(reference);
            assertSameRealization(engine, reference);
            expectedChanged.addAll(differing(before, protections(reference)));
            assertThat(engine.drainChangedVms()).as("changed VMs after %s", operation).isEqualTo(expectedChanged);
        }
    }

    @Property(tries = 60)
    void rebuildFromScratchEqualsIncrementalAndReportsNoChange(@ForAll("operations") List<Operation> operations) {
        RealizationEngine engine = new RealizationEngine();
        ReferenceRealization reference = new ReferenceRealization();
        for (Operation operation : operations) {
            if (!closesCycle(engine, reference, operation)) {
                operation.apply(engine);
                operation.apply(reference);
            }
        }
        engine.drainChangedVms();
        RealizationInputs inputs = new RealizationInputs(new ArrayList<>(reference.vms.values()), reference.groups,
                reference.policies, reference.rules, reference.profiles);
        RealizationEngine rebuilt = new RealizationEngine();
        rebuilt.rebuildAll(inputs);
        engine.rebuildAll(inputs);

        assertSameRealization(rebuilt, reference);
        assertSameRealization(engine, reference);
        assertThat(engine.drainChangedVms()).isEmpty();
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        return Universe.operations();
    }

    /** Skips group puts that would close a cycle, as the manager does, after checking the cycle reported. */
    private static boolean closesCycle(RealizationEngine engine, ReferenceRealization reference, Operation operation) {
        if (!(operation instanceof Operation.PutGroup put)) {
            return false;
        }
        List<String> cycle = engine.checkNoCycle(put.path(), put.group());
        if (cycle.isEmpty()) {
            return false;
        }
        assertThat(cycle.get(0)).isEqualTo(put.path());
        assertThat(cycle.get(cycle.size() - 1)).isEqualTo(put.path());
        for (int i = 0; i + 1 < cycle.size(); i++) {
            Group from = i == 0 ? put.group() : reference.groups.get(cycle.get(i));
            assertThat(from.referencedGroupPaths()).contains(cycle.get(i + 1));
        }
        return true;
    }

    /** VMs the change feed must report although their protections stay the same. */
    private static Set<String> alsoChanged(ReferenceRealization reference, Operation operation) {
        Set<String> ids = new HashSet<>();
        if (operation instanceof Operation.PutVm put) {
            VirtualMachine before = reference.vms.get(put.vm().externalId());
            ReferenceRealization after = copyWith(reference, put);
            if (before != null && !Objects.equals(before.hostId(), put.vm().hostId())
                    && !after.protections(put.vm().externalId()).isEmpty()) {
                ids.add(put.vm().externalId());
            }
        }
        if (operation instanceof Operation.PutProfile put
                && Optional.ofNullable(reference.profiles.get(put.path())).filter(p -> !p.equals(put.profile())).isPresent()) {
            reference.vms.keySet().stream()
                    .filter(vm -> reference.protections(vm).stream().anyMatch(p -> p.profilePath().equals(put.path())))
                    .forEach(ids::add);
        }
        return ids;
    }

    private static ReferenceRealization copyWith(ReferenceRealization reference, Operation operation) {
        ReferenceRealization copy = new ReferenceRealization();
        copy.vms.putAll(reference.vms);
        copy.groups.putAll(reference.groups);
        copy.policies.putAll(reference.policies);
        copy.rules.putAll(reference.rules);
        copy.profiles.putAll(reference.profiles);
        operation.apply(copy);
        return copy;
    }

    private static Map<String, List<Protection>> protections(ReferenceRealization reference) {
        Map<String, List<Protection>> all = new HashMap<>();
        Universe.VM_IDS.forEach(id -> all.put(id, reference.protections(id)));
        return all;
    }

    private static Set<String> differing(Map<String, List<Protection>> before, Map<String, List<Protection>> after) {
        Set<String> ids = new HashSet<>();
        before.forEach((id, list) -> {
            if (!list.equals(after.get(id))) {
                ids.add(id);
            }
        });
        return ids;
    }

    static void assertSameRealization(RealizationEngine engine, ReferenceRealization reference) {
        for (String group : Universe.GROUPS) {
            assertThat(engine.members(group)).as("members of %s", group).isEqualTo(reference.members(group));
        }
        for (String vm : Universe.VM_IDS) {
            assertThat(engine.protections(vm)).as("protections of %s", vm).isEqualTo(reference.protections(vm));
        }
        for (String rule : Universe.RULES) {
            assertThat(engine.ruleStatus(rule)).as("status of %s", rule).isEqualTo(reference.ruleStatus(rule));
        }
        for (String policy : Universe.POLICIES) {
            assertThat(engine.policyStatus(policy)).as("status of %s", policy).isEqualTo(reference.policyStatus(policy));
        }
    }
}
