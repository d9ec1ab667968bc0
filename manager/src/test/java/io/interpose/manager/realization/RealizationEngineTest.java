package io.interpose.manager.realization;

import static io.interpose.manager.realization.Fixtures.GOLD;
import static io.interpose.manager.realization.Fixtures.POLICY_A;
import static io.interpose.manager.realization.Fixtures.PROD;
import static io.interpose.manager.realization.Fixtures.WEB;
import static io.interpose.manager.realization.Fixtures.nameStartsWith;
import static io.interpose.manager.realization.Fixtures.rule;
import static io.interpose.manager.realization.Fixtures.rulePath;
import static io.interpose.manager.realization.Fixtures.tagged;
import static io.interpose.manager.realization.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.model.InvalidResourceException;
import io.interpose.model.Tag;
import io.interpose.model.policy.ConjunctionOperator;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.PathExpression;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RealizationEngineTest {
    private static final String WEB_OR_PROD = "/infra/domains/default/groups/web-or-prod";
    private static final String OUTER = "/infra/domains/default/groups/outer";

    private final RealizationEngine engine = new RealizationEngine();

    @Test
    void groupMembersFollowVmChanges() {
        engine.putGroup(PROD, tagged("env|prod"));
        engine.putVm(vm("vm-1", "web-1"));
        assertThat(engine.members(PROD)).isEmpty();

        engine.putVm(vm("vm-1", "web-1", Tag.of("env", "prod")));
        assertThat(engine.members(PROD)).containsExactly("vm-1");

        engine.putVm(vm("vm-1", "web-1", Tag.of("env", "dev")));
        assertThat(engine.members(PROD)).isEmpty();
    }

    @Test
    void groupChangeRecomputesItsMembers() {
        engine.putVm(vm("vm-1", "web-1"));
        engine.putVm(vm("vm-2", "db-1"));
        engine.putGroup(WEB, nameStartsWith("web"));
        assertThat(engine.members(WEB)).containsExactly("vm-1");

        engine.putGroup(WEB, nameStartsWith("db"));
        assertThat(engine.members(WEB)).containsExactly("vm-2");

        engine.removeGroup(WEB);
        assertThat(engine.members(WEB)).isEmpty();
    }

    @Test
    void groupsOfGroupsFollowTheGroupsTheyReference() {
        engine.putVm(vm("vm-1", "web-1"));
        engine.putVm(vm("vm-2", "db-1", Tag.of("env", "prod")));
        engine.putGroup(WEB_OR_PROD, Group.of(PathExpression.of(WEB, PROD)));
        engine.putGroup(OUTER, Group.of(PathExpression.of(WEB_OR_PROD)));
        assertThat(engine.members(OUTER)).isEmpty();

        engine.putGroup(WEB, nameStartsWith("web"));
        engine.putGroup(PROD, tagged("prod"));
        assertThat(engine.members(OUTER)).containsExactlyInAnyOrder("vm-1", "vm-2");

        engine.putVm(vm("vm-2", "db-1"));
        assertThat(engine.members(OUTER)).containsExactly("vm-1");

        engine.removeGroup(WEB);
        assertThat(engine.members(WEB_OR_PROD)).isEmpty();
        assertThat(engine.members(OUTER)).isEmpty();
    }

    @Test
    void pathExpressionCombinesWithConditions() {
        engine.putGroup(PROD, tagged("prod"));
        engine.putGroup(WEB_OR_PROD, Group.of(PathExpression.of(PROD), ConjunctionOperator.and(),
                Fixtures.nameStartsWith("web").expression().get(0)));
        engine.putVm(vm("vm-1", "web-1", Tag.of("", "prod")));
        engine.putVm(vm("vm-2", "db-1", Tag.of("", "prod")));

        assertThat(engine.members(WEB_OR_PROD)).containsExactly("vm-1");
    }

    @Test
    void checkNoCycleReportsTheCycle() {
        engine.putGroup(WEB_OR_PROD, Group.of(PathExpression.of(OUTER)));
        Group closing = Group.of(PathExpression.of(WEB_OR_PROD));

        assertThat(engine.checkNoCycle(OUTER, closing)).containsExactly(OUTER, WEB_OR_PROD, OUTER);
        assertThat(engine.checkNoCycle(WEB, Group.of(PathExpression.of(WEB)))).containsExactly(WEB, WEB);
        assertThat(engine.checkNoCycle(PROD, closing)).isEmpty();
    }

    @Test
    void putGroupRefusesACycleAndKeepsTheState() {
        engine.putVm(vm("vm-1", "web-1"));
        engine.putGroup(WEB_OR_PROD, Group.of(PathExpression.of(OUTER)));
        engine.putGroup(OUTER, nameStartsWith("web"));

        assertThatThrownBy(() -> engine.putGroup(OUTER, Group.of(PathExpression.of(WEB_OR_PROD))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(OUTER + " -> " + WEB_OR_PROD);
        assertThat(engine.members(WEB_OR_PROD)).containsExactly("vm-1");
    }

    @Test
    void invalidGroupIsRefusedBeforeLookingForCycles() {
        Group invalid = Group.of(new PathExpression(Arrays.asList(WEB, null)));

        assertThat(engine.checkNoCycle(PROD, invalid)).isEmpty();
        assertThatThrownBy(() -> engine.putGroup(PROD, invalid)).isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("expression[0].paths[1]");
    }

    @Test
    void refusesInvalidBodies() {
        assertThatThrownBy(() -> engine.putGroup(WEB, new Group(List.of(ConjunctionOperator.and()))))
                .isInstanceOf(InvalidResourceException.class);
        assertThatThrownBy(() -> engine.putRule(rulePath(POLICY_A, "r"), POLICY_A,
                new EndpointRule(List.of(), List.of(GOLD), 0)))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("groups");
        assertThatThrownBy(() -> engine.putPolicy(POLICY_A, new EndpointPolicy(-1)))
                .isInstanceOf(InvalidResourceException.class);
    }

    @Test
    void ruleIsRealizedWhenEverythingItReferencesExists() {
        String path = rulePath(POLICY_A, "web");
        engine.putVm(vm("vm-1", "web-1"));
        engine.putRule(path, POLICY_A, rule(0, GOLD, WEB));
        assertThat(engine.ruleStatus(path).orElseThrow().errors()).containsExactly(
                "endpoint policy " + POLICY_A + " does not exist",
                "service profile " + GOLD + " does not exist",
                "group " + WEB + " does not exist");
        assertThat(engine.protections("vm-1")).isEmpty();

        engine.putPolicy(POLICY_A, new EndpointPolicy(0));
        engine.putProfile(GOLD, new ResolvedProfile("av", "gold", Map.of()));
        engine.putGroup(WEB, nameStartsWith("web"));

        assertThat(engine.ruleStatus(path)).contains(new RealizationStatus(RealizationStatus.State.REALIZED, List.of(), 1));
        assertThat(engine.policyStatus(POLICY_A)).contains(new RealizationStatus(RealizationStatus.State.REALIZED, List.of(), 1));
        assertThat(engine.protections("vm-1")).containsExactly(new Protection("av", GOLD, path, POLICY_A));
    }

    @Test
    void missingProfileUnprotectsAndPutsRuleAndPolicyInError() {
        String path = protectWebWithGold();
        engine.removeProfile(GOLD);

        assertThat(engine.protections("vm-1")).isEmpty();
        assertThat(engine.ruleStatus(path)).contains(new RealizationStatus(RealizationStatus.State.ERROR,
                List.of("service profile " + GOLD + " does not exist"), 0));
        assertThat(engine.policyStatus(POLICY_A).orElseThrow().errors())
                .containsExactly("rule " + path + ": service profile " + GOLD + " does not exist");
    }

    @Test
    void unknownObjectsHaveNoRealization() {
        assertThat(engine.members(WEB)).isEmpty();
        assertThat(engine.protections("vm-x")).isEmpty();
        assertThat(engine.ruleStatus(rulePath(POLICY_A, "x"))).isEmpty();
        assertThat(engine.policyStatus(POLICY_A)).isEmpty();
    }

    @Test
    void changeFeedReportsVmsWhoseProtectionsChanged() {
        protectWebWithGold();
        engine.putVm(vm("vm-2", "db-1"));
        assertThat(engine.drainChangedVms()).containsExactly("vm-1");
        assertThat(engine.drainChangedVms()).isEmpty();

        engine.putVm(vm("vm-2", "web-2"));
        engine.putVm(vm("vm-1", "db-9"));
        assertThat(engine.drainChangedVms()).containsExactlyInAnyOrder("vm-1", "vm-2");
    }

    @Test
    void changeFeedReportsMovesAndProfileContentOfProtectedVms() {
        protectWebWithGold();
        engine.putVm(vm("vm-2", "db-1"));
        engine.drainChangedVms();

        engine.putVm(vm("vm-1", "web-1").withHost("host-2"));
        engine.putVm(vm("vm-2", "db-1").withHost("host-2"));
        assertThat(engine.drainChangedVms()).containsExactly("vm-1");

        engine.putProfile(GOLD, new ResolvedProfile("av", "gold", Map.of("scan", "deep")));
        assertThat(engine.drainChangedVms()).containsExactly("vm-1");
        assertThat(engine.protections("vm-1")).extracting(Protection::profilePath).containsExactly(GOLD);
    }

    @Test
    void removedProtectedVmIsReported() {
        protectWebWithGold();
        engine.drainChangedVms();

        engine.removeVm("vm-1");

        assertThat(engine.drainChangedVms()).containsExactly("vm-1");
        assertThat(engine.protections("vm-1")).isEmpty();
        assertThat(engine.members(WEB)).isEmpty();
    }

    @Test
    void rebuildAllReplacesEverythingAndReportsTheDifferences() {
        protectWebWithGold();
        engine.putVm(vm("vm-2", "web-2"));
        engine.drainChangedVms();

        engine.rebuildAll(new RealizationInputs(List.of(vm("vm-1", "web-1"), vm("vm-3", "web-3")),
                Map.of(WEB, nameStartsWith("web")), Map.of(POLICY_A, new EndpointPolicy(0)),
                Map.of(rulePath(POLICY_A, "web"), new PolicyRule(POLICY_A, rule(0, GOLD, WEB))),
                Map.of(GOLD, new ResolvedProfile("av", "gold", Map.of()))));

        assertThat(engine.members(WEB)).containsExactlyInAnyOrder("vm-1", "vm-3");
        assertThat(engine.drainChangedVms()).containsExactlyInAnyOrder("vm-2", "vm-3");
    }

    @Test
    void rebuildAllKeepsTheLastOfRepeatedVms() {
        engine.rebuildAll(new RealizationInputs(List.of(vm("vm-1", "web-1"), vm("vm-2", "web-2"), vm("vm-1", "db-1")),
                Map.of(WEB, nameStartsWith("web")), null, null, null));

        assertThat(engine.members(WEB)).containsExactly("vm-2");
    }

    @Test
    void rebuildAllWithACycleKeepsTheCurrentState() {
        protectWebWithGold();
        RealizationInputs cyclic = new RealizationInputs(List.of(), Map.of(
                WEB, Group.of(PathExpression.of(PROD)), PROD, Group.of(PathExpression.of(WEB))), null, null, null);

        assertThatThrownBy(() -> engine.rebuildAll(cyclic)).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.members(WEB)).containsExactly("vm-1");
    }

    @Test
    void readersSeeOneWholeWriteOrTheOther() throws Exception {
        String path = protectWebWithGold();
        engine.putProfile(Fixtures.FIM, new ResolvedProfile("fim", "strict", Map.of()));
        List<Protection> gold = List.of(new Protection("av", GOLD, path, POLICY_A));
        List<Protection> fim = List.of(new Protection("fim", Fixtures.FIM, path, POLICY_A));
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = threads.submit(() -> IntStream.range(0, 2_000).forEach(i ->
                    engine.putRule(path, POLICY_A, rule(0, i % 2 == 0 ? Fixtures.FIM : GOLD, WEB))));
            List<Future<Set<List<Protection>>>> readers = List.of(threads.submit(() -> observe(writer)),
                    threads.submit(() -> observe(writer)));
            writer.get(30, TimeUnit.SECONDS);
            for (Future<Set<List<Protection>>> reader : readers) {
                assertThat(reader.get(30, TimeUnit.SECONDS)).isSubsetOf(gold, fim);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private Set<List<Protection>> observe(Future<?> writer) {
        Set<List<Protection>> seen = new HashSet<>();
        while (!writer.isDone()) {
            seen.add(engine.protections("vm-1"));
            assertThat(engine.ruleStatus(rulePath(POLICY_A, "web")).orElseThrow().vmCount()).isEqualTo(1);
        }
        return seen;
    }

    private String protectWebWithGold() {
        String path = rulePath(POLICY_A, "web");
        engine.putVm(vm("vm-1", "web-1"));
        engine.putGroup(WEB, nameStartsWith("web"));
        engine.putPolicy(POLICY_A, new EndpointPolicy(0));
        engine.putProfile(GOLD, new ResolvedProfile("av", "gold", Map.of()));
        engine.putRule(path, POLICY_A, rule(0, GOLD, WEB));
        return path;
    }
}
