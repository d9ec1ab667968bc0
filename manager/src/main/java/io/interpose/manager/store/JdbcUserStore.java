package io.interpose.manager.store;

import io.interpose.manager.identity.ApiToken;
import io.interpose.manager.identity.Role;
import io.interpose.manager.identity.User;
import io.interpose.manager.identity.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link UserStore} on a {@link Database}: tables {@code users} and {@code api_tokens}
 * ({@code V2__users.sql}). Every method is one committed transaction. Users are listed by username,
 * tokens by creation time then id.
 *
 * <p>Failure modes: {@link AlreadyExistsException} for a taken username, token id or secret hash;
 * {@link StaleRevisionException} when an update's revision is not the stored one (or the user is gone);
 * {@link NotFoundException} when a token is saved for a user that does not exist; {@link StoreException}
 * when the database fails.
 */
public final class JdbcUserStore implements UserStore {
    private static final String USER_COLUMNS =
            "username, password_hash, roles, vendor_id, failed_logins, locked_until, create_time, revision";
    private static final String TOKEN_COLUMNS = "id, username, secret_hash, create_time, expires_at";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String H2_FOREIGN_KEY_MISSING_PARENT = "23506";

    private final Database database;

    public JdbcUserStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<User> find(String username) {
        return database.read(c -> users(c, "WHERE username = ?", username).stream().findFirst());
    }

    @Override
    public List<User> list() {
        return database.read(c -> users(c, "ORDER BY username"));
    }

    @Override
    public void create(User user) {
        database.transaction(c -> {
            if (!users(c, "WHERE username = ?", user.username()).isEmpty()) {
                throw userExists(user.username());
            }
            insert(c, "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    () -> userExists(user.username()), user.username(), user.passwordHash(), roles(user.roles()),
                    user.vendorId(), user.failedLogins(), user.lockedUntil(), user.createTime(), 0L);
            return null;
        });
    }

    @Override
    public User update(User user) {
        User updated = new User(user.username(), user.passwordHash(), user.roles(), user.vendorId(), user.failedLogins(),
                user.lockedUntil(), user.createTime(), user.revision() + 1);
        return database.transaction(c -> {
            int changed = Sql.execute(c, "UPDATE users SET password_hash = ?, roles = ?, vendor_id = ?,"
                    + " failed_logins = ?, locked_until = ?, create_time = ?, revision = ?"
                    + " WHERE username = ? AND revision = ?", updated.passwordHash(), roles(updated.roles()),
                    updated.vendorId(), updated.failedLogins(), updated.lockedUntil(), updated.createTime(),
                    updated.revision(), user.username(), user.revision());
            if (changed == 0) {
                throw stale(c, user);
            }
            return updated;
        });
    }

    @Override
    public void recordLogin(String username, int failedLogins, long lockedUntil) {
        database.transaction(c -> Sql.execute(c,
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
                failedLogins, lockedUntil, username));
    }

    @Override
    public boolean delete(String username) {
        return database.transaction(c -> Sql.execute(c, "DELETE FROM users WHERE username = ?", username) > 0);
    }

    @Override
    public void saveToken(ApiToken token) {
        database.transaction(c -> {
            insert(c, "INSERT INTO api_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                    () -> new AlreadyExistsException(tokenPath(token.id()), "token " + token.id()
                            + " or its secret already exists"),
                    token.id(), token.username(), token.secretHash(), token.createTime(), token.expiresAt());
            return null;
        });
    }

    @Override
    public Optional<ApiToken> findTokenBySecretHash(String secretHash) {
        return database.read(c -> tokens(c, "WHERE secret_hash = ?", secretHash).stream().findFirst());
    }

    @Override
    public List<ApiToken> tokens(String username) {
        return database.read(c -> tokens(c, "WHERE username = ? ORDER BY create_time, id", username));
    }

    @Override
    public boolean deleteToken(String id) {
        return database.transaction(c -> Sql.execute(c, "DELETE FROM api_tokens WHERE id = ?", id) > 0);
    }

    private static void insert(Connection c, String sql, Supplier<RuntimeException> duplicate,
            Object... params) throws SQLException {
        try {
            Sql.execute(c, sql, params);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (UNIQUE_VIOLATION.equals(state)) {
                throw duplicate.get();
            }
            if (FOREIGN_KEY_VIOLATION.equals(state) || H2_FOREIGN_KEY_MISSING_PARENT.equals(state)) {
                throw new NotFoundException(userPath((String) params[1]), "user '" + params[1] + "' does not exist");
            }
            throw e;
        }
    }

    private static List<User> users(Connection c, String clause, Object... params) throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement s = Sql.prepare(c, "SELECT " + USER_COLUMNS + " FROM users " + clause, params);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                users.add(new User(rs.getString(1), rs.getString(2), roles(rs.getString(3)), rs.getString(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
        return users;
    }

    private static List<ApiToken> tokens(Connection c, String clause, Object... params) throws SQLException {
        List<ApiToken> tokens = new ArrayList<>();
        try (PreparedStatement s = Sql.prepare(c, "SELECT " + TOKEN_COLUMNS + " FROM api_tokens " + clause,
                params); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tokens.add(new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return tokens;
    }

    private static RuntimeException stale(Connection c, User user) throws SQLException {
        List<User> stored = users(c, "WHERE username = ?", user.username());
        String why = stored.isEmpty() ? "the user no longer exists"
                : "the stored revision is " + stored.get(0).revision();
        return new StaleRevisionException(userPath(user.username()), "revision " + user.revision() + " of user '"
                + user.username() + "' is stale: " + why);
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().map(Role::apiName).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> roles(String stored) {
        return Arrays.stream(stored.split(",")).filter(s -> !s.isEmpty())
                .map(name -> Role.fromApiName(name).orElseThrow(
                        () -> new StoreException("unknown role '" + name + "' stored for a user")))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static AlreadyExistsException userExists(String username) {
        return new AlreadyExistsException(userPath(username), "user '" + username + "' already exists");
    }

    private static String userPath(String username) {
        return "/api/v1/aaa/users/" + username;
    }

    private static String tokenPath(String id) {
        return "/api/v1/aaa/tokens/" + id;
    }
}
