package io.interpose.model.policy;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A dynamic set of VMs. {@code expression} alternates expressions (even indices) and
 * {@link ConjunctionOperator}s (odd indices); {@code AND} binds tighter than {@code OR}, so
 * {@code a OR b AND c} means {@code a OR (b AND c)}. An empty expression selects no VM.
 *
 * <p>Limits: at most {@value #MAX_CONDITIONS} Condition and NestedExpression elements at the top level,
 * and at most {@value #MAX_LISTED_MEMBERS} external ids and paths in total. {@link #violations()} reports
 * every problem at once, with JSON paths such as {@code expression[2].conjunction_operator}. Whether
 * referenced groups exist, and cycles through them, are for the manager to check.
 */
public record Group(List<Expression> expression) implements Validated {
    public static final int MAX_CONDITIONS = 5;
    public static final int MAX_LISTED_MEMBERS = 500;

    public Group {
        expression = ListCopy.of(expression);
    }

    public static Group of(Expression... expression) {
        return new Group(List.of(expression));
    }

    /** The group paths named by this group's PathExpressions. */
    public Set<String> referencedGroupPaths() {
        Set<String> paths = new LinkedHashSet<>();
        expression.stream().filter(PathExpression.class::isInstance)
                .flatMap(e -> ((PathExpression) e).paths().stream()).filter(Objects::nonNull).forEach(paths::add);
        return Collections.unmodifiableSet(paths);
    }

    /** Whether the VM is a member; {@code groups} answers for the groups named by PathExpressions. */
    public boolean matches(VirtualMachine vm, GroupMembership groups) {
        return GroupFormula.of(this).matches(vm, groups);
    }

    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        checkAlternation(expression, "expression", violations);
        long conditions = expression.stream()
                .filter(e -> e instanceof Condition || e instanceof NestedExpression).count();
        violations.check(conditions <= MAX_CONDITIONS, "expression",
                "must have at most " + MAX_CONDITIONS + " Condition and NestedExpression elements, has " + conditions);
        int listed = expression.stream().mapToInt(Group::listedMembers).sum();
        violations.check(listed <= MAX_LISTED_MEMBERS, "expression",
                "must list at most " + MAX_LISTED_MEMBERS + " external ids and paths in total, has " + listed);
        return violations.list();
    }

    private static int listedMembers(Expression element) {
        if (element instanceof ExternalIDExpression ids) {
            return ids.externalIds().size();
        }
        return element instanceof PathExpression paths ? paths.paths().size() : 0;
    }

    /** Checks that {@code list} alternates expressions and ConjunctionOperators, and each element. */
    static void checkAlternation(List<Expression> list, String field, Violations violations) {
        violations.check(list.isEmpty() || list.size() % 2 == 1, field,
                "must have an odd number of elements: expression, ConjunctionOperator, expression, ...");
        for (int i = 0; i < list.size(); i++) {
            Expression element = list.get(i);
            String at = field + "[" + i + "]";
            if (element == null) {
                violations.add(at, "must not be null");
                continue;
            }
            if (i % 2 == 1) {
                violations.check(element instanceof ConjunctionOperator, at,
                        "must be a ConjunctionOperator (odd positions join expressions)");
            } else {
                violations.check(!(element instanceof ConjunctionOperator), at,
                        "must not be a ConjunctionOperator (even positions hold expressions)");
            }
            element.check(at, violations);
        }
    }
}
