package io.interpose.model.policy;

import static io.interpose.model.policy.ConditionKey.Name;
import static io.interpose.model.policy.ConditionKey.Tag;
import static io.interpose.model.policy.ConditionOperator.EQUALS;
import static io.interpose.model.policy.ConditionOperator.STARTSWITH;
import static io.interpose.model.policy.Vms.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violation;
import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupTest {
    private static final String DB_GROUP = "/infra/domains/default/groups/db";
    private static final Condition WEB = Condition.of(Name, STARTSWITH, "web");
    private static final Condition PROD = Condition.of(Tag, EQUALS, "env|prod");
    private static final Condition PCI = Condition.of(Tag, EQUALS, "pci");

    @Test
    void andBindsTighterThanOr() {
        Group group = Group.of(PCI, ConjunctionOperator.or(), WEB, ConjunctionOperator.and(), PROD);

        assertThat(group.matches(vm("web-1", io.interpose.model.Tag.of("env", "prod")), GroupMembership.NONE)).isTrue();
        assertThat(group.matches(vm("web-2"), GroupMembership.NONE)).isFalse();
        assertThat(group.matches(vm("db-1", io.interpose.model.Tag.of("", "pci")), GroupMembership.NONE)).isTrue();
    }

    @Test
    void nestedExpressionRequiresEveryCondition() {
        Group group = Group.of(NestedExpression.allOf(WEB, PROD));

        assertThat(group.matches(vm("web-1", io.interpose.model.Tag.of("env", "prod")), GroupMembership.NONE)).isTrue();
        assertThat(group.matches(vm("web-1"), GroupMembership.NONE)).isFalse();
    }

    @Test
    void externalIdsCompareIgnoringCase() {
        Group group = Group.of(ExternalIDExpression.of("ID-WEB-1"));

        assertThat(group.matches(vm("web-1"), GroupMembership.NONE)).isTrue();
        assertThat(group.matches(vm("web-2"), GroupMembership.NONE)).isFalse();
    }

    @Test
    void pathExpressionAsksTheResolver() {
        VirtualMachine db = vm("db-1");
        Group group = Group.of(PathExpression.of(DB_GROUP), ConjunctionOperator.or(), WEB);
        GroupMembership dbGroup = (path, vm) -> path.equals(DB_GROUP) && vm.equals(db);

        assertThat(group.matches(db, dbGroup)).isTrue();
        assertThat(group.matches(vm("app-1"), dbGroup)).isFalse();
        assertThat(group.referencedGroupPaths()).containsExactly(DB_GROUP);
    }

    @Test
    void emptyGroupIsValidAndHasNoMembers() {
        Group empty = new Group(null);

        assertThat(empty.violations()).isEmpty();
        assertThat(empty.matches(vm("web-1"), GroupMembership.NONE)).isFalse();
    }

    @Test
    void reportsEveryStructuralProblemWithItsPath() {
        Group group = new Group(Arrays.asList(WEB, PROD, ConjunctionOperator.and(), new ConjunctionOperator(null)));

        assertThat(group.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "expression", "expression[1]", "expression[2]", "expression[3].conjunction_operator");
    }

    @Test
    void reportsNullElements() {
        assertThat(new Group(Collections.singletonList(null)).violations())
                .containsExactly(new Violation("expression[0]", "must not be null"));
    }

    @Test
    void limitsConditionsAtTopLevel() {
        List<Expression> six = joined(Collections.nCopies(6, WEB));

        assertThat(new Group(six).violations()).extracting(Violation::message)
                .containsExactly("must have at most 5 Condition and NestedExpression elements, has 6");
    }

    @Test
    void limitsListedExternalIdsAndPaths() {
        List<String> ids = IntStream.range(0, 400).mapToObj(i -> "vm-" + i).toList();
        List<String> paths = IntStream.range(0, 101).mapToObj(i -> "/infra/domains/d/groups/g" + i).toList();
        Group group = Group.of(new ExternalIDExpression(MemberType.VirtualMachine, ids), ConjunctionOperator.or(),
                new PathExpression(paths));

        assertThat(group.violations()).extracting(Violation::message)
                .containsExactly("must list at most 500 external ids and paths in total, has 501");
    }

    @Test
    void nestedExpressionHoldsOnlyAndedConditions() {
        NestedExpression nested = new NestedExpression(List.of(WEB, ConjunctionOperator.or(), PathExpression.of(DB_GROUP)));

        assertThat(Group.of(nested).violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "expression[0].expressions[1].conjunction_operator", "expression[0].expressions[2]");
    }

    @Test
    void nestedExpressionLimitsItsConditions() {
        NestedExpression nested = NestedExpression.allOf(WEB, WEB, WEB, WEB, WEB, WEB);

        assertThat(Group.of(nested).violations()).extracting(Violation::message)
                .containsExactly("must have at most 5 Conditions, has 6");
    }

    @Test
    void nestedExpressionMustNotBeEmpty() {
        assertThat(Group.of(new NestedExpression(List.of())).violations())
                .containsExactly(new Violation("expression[0].expressions", "is required"));
    }

    @Test
    void listsMustNotBeEmptyAndPathsMustNameGroups() {
        Group group = Group.of(new ExternalIDExpression(null, List.of()), ConjunctionOperator.or(),
                PathExpression.of("/infra/domains/d/endpoint-policies/p"));

        assertThat(group.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "expression[0].member_type", "expression[0].external_ids", "expression[2].paths[0]");
    }

    @Test
    void compilingAnInvalidGroupFailsWithItsViolations() {
        assertThatThrownBy(() -> GroupFormula.of(Group.of(WEB, PROD)))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("expression[1]");
    }

    @Test
    void formulaSplitsTermsAtOr() {
        GroupFormula formula = GroupFormula.of(Group.of(PCI, ConjunctionOperator.or(), NestedExpression.allOf(WEB, PROD),
                ConjunctionOperator.and(), PathExpression.of(DB_GROUP)));

        assertThat(formula.terms()).hasSize(2);
        assertThat(formula.terms().get(1)).hasSize(3).last().isInstanceOf(PathCriterion.class);
    }

    @Test
    void typesNameEveryExpressionRecord() {
        assertThat(Expression.TYPES).hasSize(Expression.class.getPermittedSubclasses().length);
        Expression.TYPES.forEach((name, type) -> assertThat(type.getSimpleName()).isEqualTo(name));
    }

    private static List<Expression> joined(List<? extends Expression> items) {
        List<Expression> list = new ArrayList<>();
        for (Expression item : items) {
            if (!list.isEmpty()) {
                list.add(ConjunctionOperator.or());
            }
            list.add(item);
        }
        return list;
    }
}
