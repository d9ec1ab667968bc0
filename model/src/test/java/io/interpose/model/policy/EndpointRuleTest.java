package io.interpose.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EndpointRuleTest {
    private static final String GROUP = "/infra/domains/default/groups/web";
    private static final String PROFILE = "/infra/service-references/av/service-profiles/gold";

    @Test
    void acceptsTheReferenceExample() {
        EndpointRule rule = new EndpointRule(List.of(GROUP), List.of(PROFILE), 0);

        assertThat(rule.violations()).isEmpty();
        assertThat(rule.serviceProfile()).isEqualTo(PROFILE);
        assertThat(rule.appliesToAny()).isFalse();
    }

    @Test
    void anyInAnyCaseAppliesToEveryVm() {
        EndpointRule rule = new EndpointRule(List.of("any"), List.of(PROFILE), 3);

        assertThat(rule.violations()).isEmpty();
        assertThat(rule.appliesToAny()).isTrue();
    }

    @Test
    void anyMustBeTheOnlyGroup() {
        assertThat(new EndpointRule(List.of(GROUP, "ANY"), List.of(PROFILE), 0).violations())
                .containsExactly(new Violation("groups[1]", "ANY must be the only element of groups"));
    }

    @Test
    void reportsEveryBadField() {
        EndpointRule rule = new EndpointRule(null, List.of(PROFILE, PROFILE), 500);

        assertThat(rule.violations()).extracting(Violation::field)
                .containsExactly("groups", "service_profiles", "sequence_number");
    }

    @Test
    void requiresPathsOfTheRightKind() {
        EndpointRule rule = new EndpointRule(List.of(PROFILE, GROUP, GROUP), List.of(GROUP), -1);

        assertThat(rule.violations()).extracting(Violation::field)
                .containsExactly("groups[0]", "groups[2]", "service_profiles[0]", "sequence_number");
    }

    @Test
    void limitsGroupsToFifty() {
        List<String> groups = IntStream.range(0, 51).mapToObj(i -> GROUP + i).toList();

        assertThat(new EndpointRule(groups, List.of(PROFILE), 0).violations())
                .containsExactly(new Violation("groups", "must have at most 50 items"));
    }

    @Test
    void requiresAServiceProfile() {
        assertThat(new EndpointRule(List.of(GROUP), List.of(), 0).violations())
                .containsExactly(new Violation("service_profiles", "is required"));
    }
}
