package io.interpose.manager.aaa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import io.interpose.manager.identity.ApiToken;
import io.interpose.manager.identity.Authenticator;
import io.interpose.manager.identity.Area;
import io.interpose.manager.identity.NewToken;
import io.interpose.manager.identity.NewUser;
import io.interpose.manager.identity.RoleAssignment;
import io.interpose.manager.identity.Role;
import io.interpose.manager.identity.TokenService;
import io.interpose.manager.identity.User;
import io.interpose.manager.identity.UserService;
import io.interpose.manager.store.AuditEntry;
import io.interpose.manager.store.ResourceStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/v1/aaa/...}: users (enterprise admins only), the caller's own API tokens, and the audit
 * log (admins and auditors).
 */
public final class AaaApi implements ApiServer.ApiModule {
    private static final String MODULE = "aaa";
    private static final String USERS = "/api/v1/aaa/users";
    private static final String TOKENS = "/api/v1/aaa/tokens";
    private final UserService users;
    private final TokenService tokens;
    private final Authenticator authenticator;
    private final ResourceStore store;
    private final Clock clock;

    public AaaApi(UserService users, TokenService tokens, Authenticator authenticator, ResourceStore store, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.USERS);
        Access write = Access.write(Area.USERS);
        routes.post(USERS, write, (ctx, c) -> Requests.json(ctx, 201, render(users.create(newUser(ctx)))));
        routes.get(USERS, read, (ctx, c) -> Requests.json(ctx, 200,
                Requests.listInMemory(users.list(), Requests.page(ctx, MODULE), this::render, MODULE)));
        routes.get(USERS + "/{u}", read, (ctx, c) -> Requests.json(ctx, 200, render(users.get(ctx.pathParam("u")))));
        routes.put(USERS + "/{u}", write, (ctx, c) -> Requests.json(ctx, 200, render(change(ctx))));
        routes.post(USERS + "/{u}", write, (ctx, c) -> {
            if (!"unlock".equals(ctx.queryParam("action"))) {
                throw ApiException.badRequest(MODULE, "Unknown or missing action '" + ctx.queryParam("action") + "'; allowed: [unlock]");
            }
            Requests.json(ctx, 200, render(users.unlock(ctx.pathParam("u"))));
        });
        routes.delete(USERS + "/{u}", write, (ctx, c) -> {
            users.delete(ctx.pathParam("u"));
            authenticator.forget(ctx.pathParam("u"));
            ctx.status(200);
        });
        routes.post(TOKENS, Access.authenticated(), (ctx, c) -> Requests.json(ctx, 201, render(createToken(ctx, c.username()))));
        routes.get(TOKENS, Access.authenticated(), (ctx, c) -> Requests.json(ctx, 200,
                Requests.listInMemory(tokens.list(c.username()), Requests.page(ctx, MODULE), this::render, MODULE)));
        routes.delete(TOKENS + "/{id}", Access.authenticated(), (ctx, c) -> {
            if (!tokens.revoke(c.username(), ctx.pathParam("id"))) {
                throw ApiException.notFound(MODULE, "Token " + ctx.pathParam("id"));
            }
            ctx.status(200);
        });
        routes.get("/api/v1/aaa/audit-log", Access.read(Area.AUDIT), (ctx, c) -> {
            Requests.PageRequest page = Requests.page(ctx, MODULE);
            ResourceStore.AuditPage log = Requests.withCursor(MODULE, () -> store.auditLog(page.cursor(), page.pageSize()));
            Requests.json(ctx, 200, Requests.list(log.results(), log.resultCount(), log.cursor(), AaaApi::render));
        });
    }

    private NewUser newUser(Context ctx) {
        return Json.bind(Requests.body(ctx, MODULE), NewUser.class, MODULE);
    }

    /** PUT: new roles (and vendor id) and/or a new password, at the given {@code _revision}. */
    private User change(Context ctx) {
        String username = ctx.pathParam("u");
        ObjectNode body = Requests.body(ctx, MODULE);
        JsonNode revision = body.remove("_revision");
        if (revision == null || !revision.isIntegralNumber()) {
            throw new ApiException(412, io.interpose.manager.api.ErrorCode.STALE_REVISION, MODULE,
                    "An update of user " + username + " must carry its current _revision");
        }
        UserChange change = Json.bind(body, UserChange.class, MODULE);
        User user = users.get(username);
        if (change.roles() != null) {
            user = users.changeRoles(username, new RoleAssignment(change.roles(), change.vendorId()), revision.asLong());
        }
        if (change.password() != null) {
            user = users.changePassword(username, change.password(), change.roles() != null ? user.revision() : revision.asLong());
        }
        authenticator.forget(username);
        return user;
    }

    /** The body of a user PUT; read-only fields a client may echo back are accepted and ignored. */
    record UserChange(String username, String password, List<String> roles, String vendorId, Boolean locked,
            Long lockedUntil, String resourceType, String id, String displayName) {}

    private NewToken createToken(Context ctx, String username) {
        long seconds = 0;
        if (ctx.contentLength() > 0) {
            JsonNode expires = Requests.body(ctx, MODULE).get("expires_in_seconds");
            if (expires != null && (!expires.isIntegralNumber() || expires.asLong() <= 0)) {
                throw ApiException.badRequest(MODULE, "expires_in_seconds must be a positive integer");
            }
            seconds = expires == null ? 0 : expires.asLong();
        }
        return seconds == 0 ? tokens.create(username) : tokens.create(username, Duration.ofSeconds(seconds));
    }

    private JsonNode render(User user) {
        ObjectNode out = Json.object();
        out.put("id", user.username()).put("username", user.username()).put("resource_type", "User");
        out.set("roles", Json.tree(user.roles().stream().map(Role::apiName).sorted().toList()));
        out.put("vendor_id", user.vendorId());
        out.put("locked", user.lockedUntil() > clock.millis());
        out.put("locked_until", user.lockedUntil());
        out.put("_create_time", user.createTime()).put("_revision", user.revision());
        return out;
    }

    private JsonNode render(ApiToken token) {
        ObjectNode out = Json.object();
        out.put("id", token.id()).put("username", token.username()).put("resource_type", "ApiToken")
                .put("_create_time", token.createTime()).put("expires_at", token.expiresAt());
        return out;
    }

    private JsonNode render(NewToken created) {
        ObjectNode out = (ObjectNode) render(created.token());
        out.put("token", created.secret());
        return out;
    }

    private static JsonNode render(AuditEntry entry) {
        ObjectNode out = Json.object();
        out.put("time", entry.time()).put("user", entry.user()).put("method", entry.method())
                .put("path", entry.path()).put("status", entry.status()).put("detail", entry.detail());
        return out;
    }
}
