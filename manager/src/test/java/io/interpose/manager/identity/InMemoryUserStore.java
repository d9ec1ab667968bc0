package io.interpose.manager.identity;

import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.StaleRevisionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link UserStore} in memory, honouring the contract: revisions start at 0 and checked updates
 * store revision + 1 ({@link StaleRevisionException} otherwise), duplicate usernames throw
 * {@link AlreadyExistsException}, {@link #recordLogin} keeps the revision, deleting a user deletes its
 * tokens. Thread-safe. {@link #updates()} counts revision-changing writes, for tests.
 */
public final class InMemoryUserStore implements UserStore {
    private final Map<String, User> users = new TreeMap<>();
    private final Map<String, ApiToken> tokens = new TreeMap<>();
    private int updates;

    @Override
    public synchronized Optional<User> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public synchronized List<User> list() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized void create(User user) {
        if (users.containsKey(user.username())) {
            throw new AlreadyExistsException(path(user.username()), "user '" + user.username() + "' exists");
        }
        users.put(user.username(), withRevision(user, 0));
    }

    @Override
    public synchronized User update(User user) {
        User stored = users.get(user.username());
        if (stored == null || stored.revision() != user.revision()) {
            throw new StaleRevisionException(path(user.username()), "revision " + user.revision() + " is stale");
        }
        User updated = withRevision(user, user.revision() + 1);
        users.put(user.username(), updated);
        updates++;
        return updated;
    }

    @Override
    public synchronized void recordLogin(String username, int failedLogins, long lockedUntil) {
        User u = users.get(username);
        if (u != null) {
            users.put(username, new User(u.username(), u.passwordHash(), u.roles(), u.vendorId(), failedLogins,
                    lockedUntil, u.createTime(), u.revision()));
        }
    }

    @Override
    public synchronized boolean delete(String username) {
        tokens.values().removeIf(t -> t.username().equals(username));
        return users.remove(username) != null;
    }

    @Override
    public synchronized void saveToken(ApiToken token) {
        tokens.put(token.id(), token);
    }

    @Override
    public synchronized Optional<ApiToken> findTokenBySecretHash(String secretHash) {
        return tokens.values().stream().filter(t -> t.secretHash().equals(secretHash)).findFirst();
    }

    @Override
    public synchronized List<ApiToken> tokens(String username) {
        List<ApiToken> found = new ArrayList<>(tokens.values());
        found.removeIf(t -> !t.username().equals(username));
        found.sort(Comparator.comparingLong(ApiToken::createTime).thenComparing(ApiToken::id));
        return List.copyOf(found);
    }

    @Override
    public synchronized boolean deleteToken(String id) {
        return tokens.remove(id) != null;
    }

    public synchronized int updates() {
        return updates;
    }

    private static User withRevision(User u, long revision) {
        return new User(u.username(), u.passwordHash(), u.roles(), u.vendorId(), u.failedLogins(), u.lockedUntil(),
                u.createTime(), revision);
    }

    private static String path(String username) {
        return "/api/v1/aaa/users/" + username;
    }
}
