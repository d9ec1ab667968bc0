package io.interpose.manager.realization;

import static io.interpose.manager.realization.Fixtures.FIM;
import static io.interpose.manager.realization.Fixtures.GOLD;
import static io.interpose.manager.realization.Fixtures.POLICY_A;
import static io.interpose.manager.realization.Fixtures.POLICY_B;
import static io.interpose.manager.realization.Fixtures.SILVER;
import static io.interpose.manager.realization.Fixtures.WEB;
import static io.interpose.manager.realization.Fixtures.nameStartsWith;
import static io.interpose.manager.realization.Fixtures.rule;
import static io.interpose.manager.realization.Fixtures.rulePath;
import static io.interpose.manager.realization.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.policy.EndpointPolicy;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which rule decides a VM's profile, per service, when several match. */
class PrecedenceTest {
    private final RealizationEngine engine = new RealizationEngine();
    private final String webGold = rulePath(POLICY_A, "web-gold");
    private final String anySilver = rulePath(POLICY_B, "any-silver");
    private final String anyFim = rulePath(POLICY_B, "any-fim");

    @BeforeEach
    void twoPoliciesTwoServices() {
        engine.putProfile(GOLD, new ResolvedProfile("av", "gold", Map.of()));
        engine.putProfile(SILVER, new ResolvedProfile("av", "silver", Map.of()));
        engine.putProfile(FIM, new ResolvedProfile("fim", "strict", Map.of()));
        engine.putGroup(WEB, nameStartsWith("web"));
        engine.putPolicy(POLICY_A, new EndpointPolicy(10));
        engine.putPolicy(POLICY_B, new EndpointPolicy(20));
        engine.putRule(webGold, POLICY_A, rule(0, GOLD, WEB));
        engine.putRule(anySilver, POLICY_B, rule(0, SILVER, "ANY"));
        engine.putRule(anyFim, POLICY_B, rule(1, FIM, "any"));
        engine.putVm(vm("vm-web", "web-1"));
        engine.putVm(vm("vm-db", "db-1"));
    }

    @Test
    void lowerPolicySequenceWinsForTheSameService() {
        assertThat(engine.protections("vm-web")).containsExactly(
                new Protection("av", GOLD, webGold, POLICY_A),
                new Protection("fim", FIM, anyFim, POLICY_B));
    }

    @Test
    void anyGroupProtectsVmsNoOtherRuleMatches() {
        assertThat(engine.protections("vm-db")).containsExactly(
                new Protection("av", SILVER, anySilver, POLICY_B),
                new Protection("fim", FIM, anyFim, POLICY_B));
    }

    @Test
    void reorderingPoliciesChangesTheWinner() {
        engine.putPolicy(POLICY_A, new EndpointPolicy(30));

        assertThat(engine.protections("vm-web")).extracting(Protection::profilePath).containsExactly(SILVER, FIM);
        assertThat(engine.ruleStatus(webGold).orElseThrow().vmCount()).isZero();
        assertThat(engine.ruleStatus(anySilver).orElseThrow().vmCount()).isEqualTo(2);
    }

    @Test
    void ruleSequenceOrdersRulesInsideAPolicy() {
        String webGoldLate = rulePath(POLICY_B, "web-gold");
        engine.removeRule(webGold);
        engine.putRule(webGoldLate, POLICY_B, rule(5, GOLD, WEB));
        assertThat(engine.protections("vm-web")).extracting(Protection::profilePath).containsExactly(SILVER, FIM);

        engine.putRule(anySilver, POLICY_B, rule(7, SILVER, "ANY"));
        assertThat(engine.protections("vm-web")).extracting(Protection::profilePath).containsExactly(FIM, GOLD);
    }

    @Test
    void equalSequenceNumbersFallBackToPaths() {
        engine.putPolicy(POLICY_A, new EndpointPolicy(20));
        String aRule = rulePath(POLICY_B, "a-gold");
        engine.putRule(aRule, POLICY_B, rule(0, GOLD, WEB));

        assertThat(engine.protections("vm-web")).first().extracting(Protection::rulePath).isEqualTo(webGold);
        engine.removeRule(webGold);
        assertThat(engine.protections("vm-web")).first().extracting(Protection::rulePath).isEqualTo(aRule);
    }

    @Test
    void policyCountsVmsProtectedByAnyOfItsRules() {
        assertThat(engine.policyStatus(POLICY_A).orElseThrow().vmCount()).isEqualTo(1);
        assertThat(engine.policyStatus(POLICY_B).orElseThrow().vmCount()).isEqualTo(2);
        assertThat(engine.ruleStatus(anyFim).orElseThrow().vmCount()).isEqualTo(2);
    }
}
