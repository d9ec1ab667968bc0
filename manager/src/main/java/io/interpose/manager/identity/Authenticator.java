package io.interpose.manager.identity;

import io.interpose.manager.identity.AuthResult.Authenticated;
import io.interpose.manager.identity.AuthResult.Locked;
import io.interpose.manager.identity.AuthResult.Rejected;
import io.interpose.manager.store.NotFoundException;
import io.interpose.manager.store.StaleRevisionException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the value of an HTTP {@code Authorization} header into an {@link AuthResult}: {@code Basic
 * base64(user:password)} or {@code Bearer <token secret>}. Never throws for bad input.
 *
 * <p>Passwords: after {@link LockoutPolicy#maxFailures()} consecutive failures the account is locked for
 * {@link LockoutPolicy#lockDuration()}; while locked even the right password is refused; the lock ends
 * by itself, and a success resets the count (both persisted with {@link UserStore#recordLogin}). An
 * unknown user costs the same PBKDF2 work as a known one. Recently verified passwords are remembered in a
 * {@link CredentialCache}; the user (roles, lock, hash) is read from the store on every call, so a
 * changed password, changed roles or a deleted user take effect at once. A hash made with fewer
 * iterations than the hasher's is upgraded on the next successful login.
 *
 * <p>Tokens: looked up by the SHA-256 of the secret; expired tokens and tokens of deleted users are
 * refused. A password lockout does not block tokens (their secrets cannot be guessed). Thread-safe.
 */
public final class Authenticator {
    private static final Rejected MISSING = new Rejected("credentials required (Basic or Bearer)");
    private static final Rejected MALFORMED = new Rejected("malformed Authorization header");
    private static final Rejected BAD_PASSWORD = new Rejected("invalid username or password");
    private static final Rejected BAD_TOKEN = new Rejected("invalid token");
    private static final Rejected EXPIRED_TOKEN = new Rejected("token has expired");

    private final UserStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final LockoutPolicy lockout;
    private final CredentialCache cache;
    private final String dummyHash;
    private final Object[] stripes = new Object[64];

    public Authenticator(UserStore store, PasswordHasher hasher, Clock clock) {
        this(store, hasher, clock, LockoutPolicy.DEFAULT, new CredentialCache(clock));
    }

    public Authenticator(UserStore store, PasswordHasher hasher, Clock clock, LockoutPolicy lockout,
            CredentialCache cache) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockout = Objects.requireNonNull(lockout, "lockout");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.dummyHash = hasher.hash("not a password of anyone");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /** Authenticates an {@code Authorization} header value; null or blank is {@link Rejected}. */
    public AuthResult authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return MISSING;
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2) {
            return MALFORMED;
        }
        if (parts[0].equalsIgnoreCase("Basic")) {
            return basic(parts[1]);
        }
        if (parts[0].equalsIgnoreCase("Bearer")) {
            return authenticateToken(parts[1]);
        }
        return new Rejected("unsupported authorization scheme (use Basic or Bearer)");
    }

    /** Checks a username and password directly (what {@code Basic} carries); null counts as empty. */
    public AuthResult authenticatePassword(String username, String password) {
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        Optional<User> found = username.isEmpty() ? Optional.empty() : store.find(username);
        if (found.isEmpty()) {
            hasher.verify(password, dummyHash);
            return BAD_PASSWORD;
        }
        User user = found.get();
        if (isLocked(user)) {
            return new Locked(Instant.ofEpochMilli(user.lockedUntil()));
        }
        if (cache.contains(username, password, user.passwordHash())) {
            return succeeded(user);
        }
        if (!hasher.verify(password, user.passwordHash())) {
            return failed(username);
        }
        cache.put(username, password, upgradedHash(user, password));
        return succeeded(user);
    }

    /** Checks a token secret directly (what {@code Bearer} carries); null counts as empty. */
    public AuthResult authenticateToken(String secret) {
        Optional<ApiToken> token = secret == null || secret.isEmpty() ? Optional.empty()
                : store.findTokenBySecretHash(TokenService.secretHash(secret));
        if (token.isEmpty()) {
            return BAD_TOKEN;
        }
        long expiresAt = token.get().expiresAt();
        if (expiresAt != 0 && clock.millis() >= expiresAt) {
            return EXPIRED_TOKEN;
        }
        return store.find(token.get().username())
                .<AuthResult>map(user -> new Authenticated(Principal.of(user)))
                .orElse(BAD_TOKEN);
    }

    /** Drops remembered passwords of {@code username}; optional, as the store is read on every call. */
    public void forget(String username) {
        cache.forget(username);
    }

    private AuthResult basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return MALFORMED;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? MALFORMED : authenticatePassword(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private boolean isLocked(User user) {
        return clock.millis() < user.lockedUntil();
    }

    private AuthResult succeeded(User user) {
        if (user.failedLogins() != 0 || user.lockedUntil() != 0) {
            synchronized (stripe(user.username())) {
                store.recordLogin(user.username(), 0, 0);
            }
        }
        return new Authenticated(Principal.of(user));
    }

    private AuthResult failed(String username) {
        synchronized (stripe(username)) {
            Optional<User> current = store.find(username);
            if (current.isEmpty()) {
                return BAD_PASSWORD;
            }
            User user = current.get();
            if (isLocked(user)) {
                return new Locked(Instant.ofEpochMilli(user.lockedUntil()));
            }
            int failures = (user.lockedUntil() != 0 ? 0 : user.failedLogins()) + 1;
            if (failures < lockout.maxFailures()) {
                store.recordLogin(username, failures, 0);
                return BAD_PASSWORD;
            }
            Instant until = clock.instant().plus(lockout.lockDuration());
            store.recordLogin(username, failures, until.toEpochMilli());
            return new Locked(until);
        }
    }

    /** Re-hashes with the current iteration count if needed; returns the hash now stored. */
    private String upgradedHash(User user, String password) {
        if (!hasher.needsRehash(user.passwordHash())) {
            return user.passwordHash();
        }
        String upgraded = hasher.hash(password);
        try {
            store.update(new User(user.username(), upgraded, user.roles(), user.vendorId(), user.failedLogins(),
                    user.lockedUntil(), user.createTime(), user.revision()));
            return upgraded;
        } catch (StaleRevisionException | NotFoundException e) {
            return user.passwordHash();
        }
    }

    private Object stripe(String username) {
        return stripes[Math.floorMod(username.hashCode(), stripes.length)];
    }
}
