package io.interpose.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.identity.Operation.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {
    private final AccessPolicy policy = new AccessPolicy();

    /**
     * The expected rules, one row per role, one column per {@link Area} in declaration order:
     * SERVICE_INSERTION, DEPLOYMENT, POLICY, INVENTORY_READ, INVENTORY_TAGS, USERS, AUDIT, LAB_ADMIN.
     * {@code rw} read and write, {@code r-} read only, {@code -w} write only, {@code --} nothing.
     */
    private static final Map<Role, String> TABLE = new EnumMap<>(Map.of(
            Role.ENTERPRISE_ADMIN, "rw rw rw rw rw rw rw rw",
            Role.SECURITY_ADMIN,   "rw rw rw rw rw -- r- rw",
            Role.AUDITOR,          "r- r- r- r- r- -- r- r-",
            Role.PARTNER,          "rw r- -- r- -w -- -- --"));

    static Stream<Arguments> everyRoleAreaAndMethod() {
        return TABLE.entrySet().stream().flatMap(row -> {
            String[] cells = row.getValue().split(" ");
            return Stream.of(Area.values()).flatMap(area -> Stream.of(
                    Arguments.of(row.getKey(), area, Method.READ, cells[area.ordinal()].charAt(0) == 'r'),
                    Arguments.of(row.getKey(), area, Method.WRITE, cells[area.ordinal()].charAt(1) == 'w')));
        });
    }

    @ParameterizedTest(name = "{0} {2} {1} -> {3}")
    @MethodSource("everyRoleAreaAndMethod")
    void eachRoleGetsExactlyItsRow(Role role, Area area, Method method, boolean allowed) {
        Principal principal = new Principal("someone", Set.of(role), role == Role.PARTNER ? "acme" : "");

        assertThat(policy.allows(principal, new Operation(method, area))).isEqualTo(allowed);
    }

    @Test
    void theTableCoversEveryRoleAndArea() {
        assertThat(TABLE).containsOnlyKeys(Role.values());
        assertThat(TABLE.values()).allSatisfy(row -> assertThat(row.split(" ")).hasSize(Area.values().length));
        assertThat(everyRoleAreaAndMethod()).hasSize(Role.values().length * Area.values().length * 2);
    }

    @Test
    void severalRolesGrantTheUnionOfTheirRows() {
        Principal both = new Principal("x", Set.of(Role.AUDITOR, Role.SECURITY_ADMIN), "");

        assertThat(policy.allows(both, Operation.write(Area.POLICY))).isTrue();
        assertThat(policy.allows(both, Operation.read(Area.USERS))).isFalse();
    }

    @Test
    void aPrincipalWithoutRolesMayDoNothing() {
        Principal none = new Principal("x", Set.of(), "");

        assertThat(Stream.of(Area.values())).noneMatch(a -> policy.allows(none, Operation.read(a)));
    }

    @Test
    void aPartnerOwnsOnlyItsOwnVendorsObjects() {
        Principal acme = new Principal("acme-bot", Set.of(Role.PARTNER), "acme");
        Principal admin = new Principal("root", Set.of(Role.ENTERPRISE_ADMIN), "");

        assertThat(policy.owns(acme, "acme")).isTrue();
        assertThat(policy.owns(acme, "globex")).isFalse();
        assertThat(policy.owns(acme, "")).isFalse();
        assertThat(policy.owns(admin, "")).isFalse();
    }

    @Test
    void httpMethodsMapToReadOrWrite() {
        assertThat(Stream.of("GET", "head", "OPTIONS")).allMatch(m -> Method.ofHttp(m) == Method.READ);
        assertThat(Stream.of("POST", "PUT", "PATCH", "DELETE")).allMatch(m -> Method.ofHttp(m) == Method.WRITE);
    }
}
