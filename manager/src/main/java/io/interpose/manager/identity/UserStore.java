package io.interpose.manager.identity;

import java.util.List;
import java.util.Optional;

/**
 * Durable users and API tokens. Every method commits before it returns. Deleting a user deletes its
 * tokens.
 */
public interface UserStore {
    Optional<User> find(String username);

    List<User> list();

    /** Throws {@link io.interpose.manager.store.AlreadyExistsException} if the username is taken. */
    void create(User user);

    /**
     * Replaces the stored user if its revision equals {@code user.revision()}, storing revision + 1.
     * Throws {@link io.interpose.manager.store.StaleRevisionException} otherwise.
     */
    User update(User user);

    /** Records a login outcome without touching the revision (failures and lockouts are not edits). */
    void recordLogin(String username, int failedLogins, long lockedUntil);

    boolean delete(String username);

    void saveToken(ApiToken token);

    Optional<ApiToken> findTokenBySecretHash(String secretHash);

    List<ApiToken> tokens(String username);

    boolean deleteToken(String id);
}
