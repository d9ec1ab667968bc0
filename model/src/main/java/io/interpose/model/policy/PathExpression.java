package io.interpose.model.policy;

import io.interpose.model.Violations;
import java.util.List;

/**
 * "The members of these groups": a group of groups. At least one path, each
 * {@code /infra/domains/<domain>/groups/<group>}. Evaluating it needs a {@link GroupMembership}.
 */
public record PathExpression(List<String> paths) implements Expression {
    public PathExpression {
        paths = ListCopy.of(paths);
    }

    public static PathExpression of(String... paths) {
        return new PathExpression(List.of(paths));
    }

    @Override
    public void check(String field, Violations violations) {
        violations.required(paths, field + ".paths");
        for (int i = 0; i < paths.size(); i++) {
            violations.check(PolicyPaths.isGroupPath(paths.get(i)), field + ".paths[" + i + "]",
                    "must be a group path /infra/domains/<domain>/groups/<group>");
        }
    }
}
