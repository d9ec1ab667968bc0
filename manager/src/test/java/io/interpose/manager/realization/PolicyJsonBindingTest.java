package io.interpose.manager.realization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import io.interpose.model.policy.Condition;
import io.interpose.model.policy.ConditionKey;
import io.interpose.model.policy.ConditionOperator;
import io.interpose.model.policy.ConjunctionOperator;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Expression;
import io.interpose.model.policy.ExternalIDExpression;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.NestedExpression;
import io.interpose.model.policy.ScopeOperator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy records bind to the API's JSON with SNAKE_CASE and {@link Expression#TYPES}, no annotations. */
class PolicyJsonBindingTest {
    private static final ObjectMapper JSON = mapper();

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "resource_type")
    private interface ExpressionTypes {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addMixIn(Expression.class, ExpressionTypes.class);
        Expression.TYPES.forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
        return mapper;
    }

    @Test
    void bindsAGroupWithEveryKindOfExpression() throws Exception {
        Group group = JSON.readValue("""
                {"expression": [
                  {"resource_type": "Condition", "member_type": "VirtualMachine", "key": "Tag", "value": "env|prod"},
                  {"resource_type": "ConjunctionOperator", "conjunction_operator": "OR"},
                  {"resource_type": "NestedExpression", "expressions": [
                    {"resource_type": "Condition", "member_type": "VirtualMachine", "key": "OSName",
                     "operator": "STARTSWITH", "value": "Windows", "scope_operator": "EQUALS"}]},
                  {"resource_type": "ConjunctionOperator", "conjunction_operator": "OR"},
                  {"resource_type": "ExternalIDExpression", "member_type": "VirtualMachine", "external_ids": ["vm-1"]}
                ]}""", Group.class);

        assertThat(group.violations()).isEmpty();
        assertThat(group.expression()).containsExactly(
                Condition.of(ConditionKey.Tag, ConditionOperator.EQUALS, "env|prod"), ConjunctionOperator.or(),
                NestedExpression.allOf(Condition.of(ConditionKey.OSName, ConditionOperator.STARTSWITH, "Windows")),
                ConjunctionOperator.or(), ExternalIDExpression.of("vm-1"));
    }

    @Test
    void writesSnakeCaseWithTheResourceTypeAndNothingElse() throws Exception {
        String json = JSON.writeValueAsString(Group.of(new Condition(null, ConditionKey.Name, null, "web", ScopeOperator.EQUALS)));

        assertThat(json).isEqualTo("{\"expression\":[{\"resource_type\":\"Condition\",\"member_type\":null,"
                + "\"key\":\"Name\",\"operator\":\"EQUALS\",\"value\":\"web\",\"scope_operator\":\"EQUALS\"}]}");
    }

    @Test
    void bindsTheReferenceEndpointRuleExample() throws Exception {
        EndpointRule rule = JSON.readValue("""
                {"groups": ["/infra/domains/gi_domain/groups/test_group"],
                 "service_profiles": ["/infra/service-references/SR_1/service-profiles/SP_1"]}""", EndpointRule.class);

        assertThat(rule).isEqualTo(new EndpointRule(List.of("/infra/domains/gi_domain/groups/test_group"),
                List.of("/infra/service-references/SR_1/service-profiles/SP_1"), 0));
        assertThat(rule.violations()).isEmpty();
    }

    @Test
    void unsupportedMemberTypeIsRefusedListingTheAllowedValues() {
        assertThatThrownBy(() -> JSON.readValue("""
                {"resource_type": "Condition", "member_type": "Segment", "key": "Name", "value": "x"}""", Expression.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("[VirtualMachine]");
    }
}
