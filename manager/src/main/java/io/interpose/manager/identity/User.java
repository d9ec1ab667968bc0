package io.interpose.manager.identity;

import java.util.Objects;
import java.util.Set;

/**
 * A stored user. {@code passwordHash} is a self-describing slow hash ({@link PasswordHasher});
 * {@code vendorId} is set exactly when the user is a partner. {@code failedLogins} counts consecutive
 * failures; {@code lockedUntil} (epoch ms, 0 = not locked) is when a lockout ends.
 */
public record User(
        String username,
        String passwordHash,
        Set<Role> roles,
        String vendorId,
        int failedLogins,
        long lockedUntil,
        long createTime,
        long revision) {

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = Set.copyOf(roles);
        vendorId = vendorId == null ? "" : vendorId;
    }
}
