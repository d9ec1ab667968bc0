package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.Violation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewUserTest {
    private static final String PASSWORD = "long enough password";

    @Test
    void aWellFormedUserOfEachKindHasNoViolations() {
        assertThat(new NewUser("ada.lovelace_1-x", PASSWORD, List.of("enterprise_admin"), null).violations()).isEmpty();
        assertThat(new NewUser("sec", PASSWORD, List.of("security_admin", "auditor"), "").violations()).isEmpty();
        assertThat(new NewUser("acme", PASSWORD, List.of("partner"), "acme-corp").violations()).isEmpty();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        List<Violation> found = new NewUser("bad name!", "short", List.of("auditor", "root", "partner"), "")
                .violations();

        assertThat(found).extracting(Violation::field)
                .containsExactlyInAnyOrder("username", "password", "roles[1]", "roles", "vendor_id");
    }

    @Test
    void usernameMustMatchThePattern() {
        String tooLong = "a".repeat(65);
        for (String bad : new String[] {null, "", "with space", "ümlaut", "slash/", tooLong}) {
            assertThat(new NewUser(bad, PASSWORD, List.of("auditor"), null).violations())
                    .as(String.valueOf(bad)).extracting(Violation::field).containsExactly("username");
        }
        assertThat(new NewUser("a".repeat(64), PASSWORD, List.of("auditor"), null).violations()).isEmpty();
    }

    @Test
    void passwordNeedsTwelveCharactersAndMustNotBeTheUsername() {
        assertThat(new NewUser("u", "elevenchars", List.of("auditor"), null).violations())
                .containsExactly(new Violation("password", "must have at least 12 characters"));
        assertThat(new NewUser("u", "twelve chars", List.of("auditor"), null).violations()).isEmpty();
        assertThat(new NewUser("administrator", "administrator", List.of("auditor"), null).violations())
                .containsExactly(new Violation("password", "must not be the username"));
    }

    @Test
    void anUnknownRoleListsTheAllowedValues() {
        assertThat(new NewUser("u", PASSWORD, List.of("auditor", "superuser"), null).violations())
                .containsExactly(new Violation("roles[1]",
                        "unknown role 'superuser'; allowed values: enterprise_admin, security_admin, auditor, partner"));
    }

    @Test
    void rolesAreRequired() {
        assertThat(new NewUser("u", PASSWORD, null, null).violations())
                .containsExactly(new Violation("roles", "is required"));
        assertThat(new NewUser("u", PASSWORD, List.of(), null).violations())
                .containsExactly(new Violation("roles", "is required"));
    }

    @Test
    void partnerNeedsAVendorIdAndStandsAlone() {
        assertThat(new NewUser("p", PASSWORD, List.of("partner"), "  ").violations())
                .containsExactly(new Violation("vendor_id", "is required for the partner role"));
        assertThat(new NewUser("p", PASSWORD, List.of("partner", "auditor"), "acme").violations())
                .containsExactly(new Violation("roles", "partner cannot be combined with other roles"));
        assertThat(new NewUser("p", PASSWORD, List.of("partner"), "v".repeat(256)).violations())
                .extracting(Violation::field).containsExactly("vendor_id");
    }

    @Test
    void nonPartnersMustNotHaveAVendorId() {
        assertThat(new NewUser("a", PASSWORD, List.of("auditor"), "acme").violations())
                .containsExactly(new Violation("vendor_id", "is only allowed for the partner role"));
    }

    @Test
    void assignmentResolvesKnownRolesWithoutDuplicates() {
        RoleAssignment assignment = new RoleAssignment(Arrays.asList("auditor", "auditor", null), " acme ");

        assertThat(assignment.resolved()).containsExactly(Role.AUDITOR);
        assertThat(assignment.vendorId()).isEqualTo("acme");
    }
}
