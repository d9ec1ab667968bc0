package io.interpose.model.policy;

import static io.interpose.model.policy.ConditionKey.ComputerName;
import static io.interpose.model.policy.ConditionKey.Name;
import static io.interpose.model.policy.ConditionKey.OSName;
import static io.interpose.model.policy.ConditionKey.Tag;
import static io.interpose.model.policy.ConditionOperator.CONTAINS;
import static io.interpose.model.policy.ConditionOperator.ENDSWITH;
import static io.interpose.model.policy.ConditionOperator.EQUALS;
import static io.interpose.model.policy.ConditionOperator.IN;
import static io.interpose.model.policy.ConditionOperator.NOTEQUALS;
import static io.interpose.model.policy.ConditionOperator.NOTIN;
import static io.interpose.model.policy.ConditionOperator.STARTSWITH;
import static io.interpose.model.policy.Vms.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final VirtualMachine WEB = vm("Web-01", io.interpose.model.Tag.of("env", "Prod"),
            io.interpose.model.Tag.of("", "pci"));

    @Test
    void comparesNameOsAndComputerNameIgnoringCase() {
        assertThat(Condition.of(Name, EQUALS, "web-01").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, STARTSWITH, "WEB").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, ENDSWITH, "-01").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, CONTAINS, "B-0").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, NOTEQUALS, "web-01").matches(WEB)).isFalse();
        assertThat(Condition.of(OSName, CONTAINS, "ubuntu").matches(WEB)).isTrue();
        assertThat(Condition.of(ComputerName, EQUALS, "WEB-01.CORP").matches(WEB)).isTrue();
    }

    @Test
    void operatorDefaultsToEquals() {
        Condition condition = new Condition(MemberType.VirtualMachine, Name, null, "web-01", null);

        assertThat(condition.operator()).isEqualTo(EQUALS);
        assertThat(condition.matches(WEB)).isTrue();
    }

    @Test
    void inAndNotInTakeTrimmedCommaSeparatedLists() {
        assertThat(Condition.of(Name, IN, "db-01, WEB-01 ,app").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, IN, "db-01,app").matches(WEB)).isFalse();
        assertThat(Condition.of(Name, NOTIN, "db-01,app").matches(WEB)).isTrue();
        assertThat(Condition.of(Name, NOTIN, "db-01,web-01").matches(WEB)).isFalse();
    }

    @Test
    void tagWithScopeMatchesOnlyThatScope() {
        assertThat(Condition.of(Tag, EQUALS, "ENV|prod").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, EQUALS, "tier|prod").matches(WEB)).isFalse();
        assertThat(Condition.of(Tag, EQUALS, "env|pci").matches(WEB)).isFalse();
    }

    @Test
    void tagWithoutScopeMatchesAnyScope() {
        assertThat(Condition.of(Tag, EQUALS, "prod").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, EQUALS, "|prod").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, EQUALS, "pci").matches(WEB)).isTrue();
    }

    @Test
    void scopeWithoutTagMatchesAnyTagInThatScope() {
        assertThat(Condition.of(Tag, EQUALS, "env|").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, EQUALS, "owner|").matches(WEB)).isFalse();
        assertThat(Condition.of(Tag, NOTEQUALS, "owner|").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, NOTEQUALS, "env|").matches(WEB)).isFalse();
    }

    @Test
    void tagOperatorsApplyToTheTagPartOnly() {
        assertThat(Condition.of(Tag, STARTSWITH, "env|pr").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, STARTSWITH, "env|en").matches(WEB)).isFalse();
        assertThat(Condition.of(Tag, CONTAINS, "ro").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, IN, "env|staging,prod").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, NOTIN, "env|staging,prod").matches(WEB)).isFalse();
    }

    @Test
    void negatedTagOperatorsMatchWhenNoTagMatches() {
        assertThat(Condition.of(Tag, NOTEQUALS, "env|prod").matches(WEB)).isFalse();
        assertThat(Condition.of(Tag, NOTEQUALS, "env|dev").matches(WEB)).isTrue();
        assertThat(Condition.of(Tag, NOTEQUALS, "quarantine").matches(vm("bare"))).isTrue();
    }

    @Test
    void scopeOperatorNotEqualsSelectsTagsOfOtherScopes() {
        Condition otherScope = new Condition(MemberType.VirtualMachine, Tag, EQUALS, "tier|prod", ScopeOperator.NOTEQUALS);
        Condition sameScope = new Condition(MemberType.VirtualMachine, Tag, EQUALS, "env|prod", ScopeOperator.NOTEQUALS);

        assertThat(otherScope.matches(WEB)).isTrue();
        assertThat(sameScope.matches(WEB)).isFalse();
    }

    @Test
    void reportsMissingFields() {
        assertThat(violations(new Condition(null, null, null, " ", null)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("e.member_type", "e.key", "e.value");
    }

    @Test
    void refusesMalformedTagValues() {
        assertThat(violations(Condition.of(Tag, EQUALS, "a|b|c"))).extracting(Violation::message)
                .containsExactly("must be scope|tag with at most one '|'");
        assertThat(violations(Condition.of(Tag, EQUALS, "|"))).extracting(Violation::message)
                .containsExactly("must name a scope or a tag");
        assertThat(violations(Condition.of(Tag, CONTAINS, "env|"))).extracting(Violation::message)
                .containsExactly("a scope without a tag (scope|) works only with EQUALS or NOTEQUALS");
        assertThat(violations(new Condition(MemberType.VirtualMachine, Tag, EQUALS, "prod", ScopeOperator.NOTEQUALS)))
                .extracting(Violation::field).containsExactly("e.scope_operator");
    }

    @Test
    void refusesScopeOperatorOnOtherKeys() {
        assertThat(violations(new Condition(MemberType.VirtualMachine, Name, EQUALS, "web", ScopeOperator.NOTEQUALS)))
                .containsExactly(new Violation("e.scope_operator", "applies only to conditions with key Tag"));
    }

    @Test
    void refusesEmptyListItems() {
        assertThat(violations(Condition.of(Name, IN, "a,,b"))).extracting(Violation::field).containsExactly("e.value");
        assertThat(violations(Condition.of(Name, CONTAINS, "a,,b"))).isEmpty();
    }

    private static List<Violation> violations(Condition condition) {
        Violations violations = new Violations();
        condition.check("e", violations);
        return violations.list();
    }
}
