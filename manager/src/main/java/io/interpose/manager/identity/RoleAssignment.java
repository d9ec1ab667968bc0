package io.interpose.manager.identity;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles (API names, as the client wrote them) and vendor id requested for a user. Valid when the
 * roles are non-empty and known; {@code partner} needs a vendor id and stands alone; other roles have no
 * vendor id. {@link #violations()} lists every problem.
 */
public record RoleAssignment(List<String> roles, String vendorId) implements Validated {
    static final int MAX_VENDOR_ID_LENGTH = 255;
    private static final String ALLOWED = Arrays.stream(Role.values()).map(Role::apiName)
            .collect(Collectors.joining(", "));

    public RoleAssignment {
        roles = roles == null ? List.of() : roles.stream().map(r -> r == null ? "" : r).toList();
        vendorId = vendorId == null ? "" : vendorId.strip();
    }

    /** The known roles among {@link #roles()}. */
    public Set<Role> resolved() {
        Set<Role> known = EnumSet.noneOf(Role.class);
        roles.forEach(name -> Role.fromApiName(name).ifPresent(known::add));
        return known;
    }

    @Override
    public List<Violation> violations() {
        Violations found = new Violations().required(roles, "roles");
        for (int i = 0; i < roles.size(); i++) {
            Optional<Role> role = Role.fromApiName(roles.get(i));
            found.check(role.isPresent(), "roles[" + i + "]",
                    "unknown role '" + roles.get(i) + "'; allowed values: " + ALLOWED);
        }
        Set<Role> known = resolved();
        if (known.contains(Role.PARTNER)) {
            found.check(known.size() == 1, "roles", "partner cannot be combined with other roles")
                    .check(!vendorId.isEmpty(), "vendor_id", "is required for the partner role")
                    .maxLength(vendorId, MAX_VENDOR_ID_LENGTH, "vendor_id");
        } else {
            found.check(vendorId.isEmpty(), "vendor_id", "is only allowed for the partner role");
        }
        return found.list();
    }
}
