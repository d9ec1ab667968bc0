package io.interpose.manager.aaa;

import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.ErrorCode;
import io.interpose.manager.api.Gatekeeper;
import io.interpose.manager.identity.AccessPolicy;
import io.interpose.manager.identity.AuthResult;
import io.interpose.manager.identity.Authenticator;
import io.interpose.manager.identity.Operation;
import io.interpose.manager.identity.Role;
import java.util.Optional;
import java.util.stream.Collectors;

/** The manager's gatekeeper: users and tokens from the store, rules from {@link AccessPolicy}. */
public final class IdentityGatekeeper implements Gatekeeper {
    private static final String MODULE = "aaa";
    private final Authenticator authenticator;
    private final AccessPolicy policy;

    public IdentityGatekeeper(Authenticator authenticator, AccessPolicy policy) {
        this.authenticator = authenticator;
        this.policy = policy;
    }

    @Override
    public Caller authenticate(Optional<String> authorization) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            throw new ApiException(401, ErrorCode.UNAUTHENTICATED, MODULE,
                    "Authentication required: use HTTP Basic or an API token (Authorization: Bearer <token>)");
        }
        AuthResult result = authenticator.authenticate(authorization.get());
        if (result instanceof AuthResult.Authenticated ok) {
            return new Caller(ok.principal());
        }
        if (result instanceof AuthResult.Locked locked) {
            throw new ApiException(401, ErrorCode.ACCOUNT_LOCKED, MODULE,
                    "The account is locked after repeated failed logins until " + locked.until());
        }
        throw new ApiException(401, ErrorCode.UNAUTHENTICATED, MODULE, ((AuthResult.Rejected) result).reason());
    }

    @Override
    public void authorize(Caller caller, Access access) {
        access.operation().filter(op -> !policy.allows(caller.principal(), op)).ifPresent(op -> {
            throw ApiException.forbidden(MODULE, "User " + caller.username() + " (" + roles(caller) + ") may not "
                    + verb(op) + " " + op.area().name().toLowerCase(java.util.Locale.ROOT));
        });
    }

    private static String verb(Operation op) {
        return op.method() == Operation.Method.READ ? "read" : "change";
    }

    private static String roles(Caller caller) {
        return caller.principal().roles().stream().map(Role::apiName).sorted().collect(Collectors.joining(", "));
    }
}
