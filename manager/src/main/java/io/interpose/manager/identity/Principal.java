package io.interpose.manager.identity;

import java.util.Objects;
import java.util.Set;

/**
 * Who is making a request, once authenticated: the username, its roles and, for a partner, the vendor
 * id it is bound to ({@code ""} otherwise). Built fresh from the stored {@link User} on every request,
 * so role changes apply at once.
 */
public record Principal(String username, Set<Role> roles, String vendorId) {

    public Principal {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        vendorId = vendorId == null ? "" : vendorId;
    }

    public static Principal of(User user) {
        return new Principal(user.username(), user.roles(), user.vendorId());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isPartner() {
        return has(Role.PARTNER);
    }
}
