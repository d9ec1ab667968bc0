package io.interpose.manager.identity;

import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.NotFoundException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violations;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, changes and deletes users. Failure modes: {@link InvalidResourceException} listing every bad
 * field; {@link NotFoundException} for an unknown username; {@link AlreadyExistsException} for a taken
 * one; {@link io.interpose.manager.store.StaleRevisionException} when the revision given is not the
 * stored one; {@link LastAdminException} when a change would leave no {@code enterprise_admin}.
 * Changes that could remove the last admin are serialised within this process (several managers on one
 * database could still race; an admin can always be re-created through {@link #bootstrapAdmin}).
 */
public final class UserService {
    /** The API path of users, as used in not-found and already-exists errors. */
    public static final String USERS_PATH = "/api/v1/aaa/users";

    private final UserStore store;
    private final PasswordHasher hasher;
    private final Clock clock;

    public UserService(UserStore store, PasswordHasher hasher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public User create(NewUser request) {
        new Violations().addAll(request.violations()).throwIfAny("user");
        RoleAssignment assignment = request.assignment();
        User user = new User(request.username(), hasher.hash(request.password()), assignment.resolved(),
                assignment.vendorId(), 0, 0, clock.millis(), 0);
        store.create(user);
        return store.find(user.username()).orElse(user);
    }

    /**
     * Creates {@code username} as the first {@code enterprise_admin} if there is no user at all (first
     * start). Returns true if it did. Throws {@link InvalidResourceException} for a bad username or password.
     */
    public synchronized boolean bootstrapAdmin(String username, String password) {
        if (!store.list().isEmpty()) {
            return false;
        }
        try {
            create(new NewUser(username, password, List.of(Role.ENTERPRISE_ADMIN.apiName()), ""));
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }

    public List<User> list() {
        return store.list();
    }

    public Optional<User> find(String username) {
        return store.find(username);
    }

    /** The user, or {@link NotFoundException}. */
    public User get(String username) {
        return store.find(username).orElseThrow(() -> notFound(username));
    }

    /** Deletes the user and its tokens; refuses the last {@code enterprise_admin}. */
    public synchronized void delete(String username) {
        User user = get(username);
        refuseIfLastAdmin(user, Set.of());
        if (!store.delete(username)) {
            throw notFound(username);
        }
    }

    public User changePassword(String username, String newPassword, long revision) {
        String password = newPassword == null ? "" : newPassword;
        Violations found = new Violations();
        NewUser.checkPassword(found, username, password);
        found.throwIfAny("password change");
        User user = get(username);
        return store.update(new User(username, hasher.hash(password), user.roles(), user.vendorId(),
                user.failedLogins(), user.lockedUntil(), user.createTime(), revision));
    }

    /** Replaces roles and vendor id; refuses to take {@code enterprise_admin} from the last one. */
    public synchronized User changeRoles(String username, RoleAssignment assignment, long revision) {
        new Violations().addAll(assignment.violations()).throwIfAny("role change");
        User user = get(username);
        refuseIfLastAdmin(user, assignment.resolved());
        return store.update(new User(username, user.passwordHash(), assignment.resolved(), assignment.vendorId(),
                user.failedLogins(), user.lockedUntil(), user.createTime(), revision));
    }

    /** Ends a lockout and clears the failure count now. */
    public User unlock(String username) {
        get(username);
        store.recordLogin(username, 0, 0);
        return get(username);
    }

    private void refuseIfLastAdmin(User user, Set<Role> newRoles) {
        boolean losesAdmin = user.roles().contains(Role.ENTERPRISE_ADMIN) && !newRoles.contains(Role.ENTERPRISE_ADMIN);
        if (losesAdmin && adminCount() <= 1) {
            throw new LastAdminException(user.username());
        }
    }

    private long adminCount() {
        return store.list().stream().filter(u -> u.roles().contains(Role.ENTERPRISE_ADMIN)).count();
    }

    private static NotFoundException notFound(String username) {
        return new NotFoundException(USERS_PATH + "/" + username, "user '" + username + "' does not exist");
    }
}
