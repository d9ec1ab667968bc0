package io.interpose.manager.identity;

import io.interpose.manager.store.NotFoundException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Violation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * API tokens of users: a random 32-byte secret (URL-safe base64, no padding) returned once, stored only
 * as its SHA-256 (lower-case hex), optionally expiring. Failure modes: {@link NotFoundException} for an
 * unknown user, {@link InvalidResourceException} for a validity that is not positive. Thread-safe.
 */
public final class TokenService {
    private static final int SECRET_BYTES = 32;

    private final UserStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(UserStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The hash under which a token with this secret is stored: SHA-256 of its UTF-8 bytes, hex. */
    public static String secretHash(String secret) {
        return Sha256.hex(secret);
    }

    /** A token of {@code username} that never expires. */
    public NewToken create(String username) {
        return issue(username, 0);
    }

    /** A token of {@code username} valid for {@code validFor} from now. */
    public NewToken create(String username, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new InvalidResourceException("token", List.of(new Violation("expires_in", "must be positive")));
        }
        return issue(username, clock.instant().plus(validFor).toEpochMilli());
    }

    /** The tokens of {@code username}, without secrets. */
    public List<ApiToken> list(String username) {
        requireUser(username);
        return store.tokens(username);
    }

    /** Revokes token {@code id} of {@code username}; false if that user has no such token. */
    public boolean revoke(String username, String id) {
        boolean owned = store.tokens(username).stream().anyMatch(t -> t.id().equals(id));
        return owned && store.deleteToken(id);
    }

    private NewToken issue(String username, long expiresAt) {
        requireUser(username);
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = new ApiToken(UUID.randomUUID().toString(), username, secretHash(secret), clock.millis(),
                expiresAt);
        store.saveToken(token);
        return new NewToken(token, secret);
    }

    private void requireUser(String username) {
        if (store.find(username).isEmpty()) {
            throw new NotFoundException(UserService.USERS_PATH + "/" + username,
                    "user '" + username + "' does not exist");
        }
    }
}
