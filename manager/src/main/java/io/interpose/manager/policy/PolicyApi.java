package io.interpose.manager.policy;

import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiException;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Caller;
import io.interpose.manager.api.Requests;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.api.ResourceKind;
import io.interpose.manager.api.ResourceWriter.Mode;
import io.interpose.manager.identity.Area;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.StoredResource;
import io.javalin.http.Context;


/**
 * {@code /policy/api/v1/infra/...}: service references and profiles, groups, endpoint policies and
 * rules (GET, PUT, PATCH, DELETE each, plus lists), group members and realized state.
 */
public final class PolicyApi implements ApiServer.ApiModule {
    static final String INFRA = "/policy/api/v1/infra";
    private static final String MODULE = PolicyService.MODULE;
    private final PolicyService policy;
    private final RealizedStateApi realized;

    public PolicyApi(PolicyService policy) {
        this(policy, EnforcementStatus.none());
    }

    /** With per-host enforcement in the realized state (from the control channel). */
    public PolicyApi(PolicyService policy, EnforcementStatus enforcement) {
        this.policy = policy;
        this.realized = new RealizedStateApi(policy, enforcement);
    }

    /** A policy write addressed by the request's path parameters. */
    @FunctionalInterface
    private interface Writer {
        StoredResource write(Context ctx, Mode mode, Caller caller);
    }

    @Override
    public void routes(ApiRoutes routes) {
        resource(routes, "/service-references", "/{sr}", PolicyKinds.SERVICE_REFERENCE, ctx -> "/infra",
                ctx -> PolicyKinds.serviceReference(ctx.pathParam("sr")),
                (ctx, mode, c) -> policy.putServiceReference(ctx.pathParam("sr"), Requests.body(ctx, MODULE), mode, c),
                ctx -> policy.deleteServiceReference(ctx.pathParam("sr"), Requests.flag(ctx, "cascade", MODULE)));
        resource(routes, "/service-references/{sr}/service-profiles", "/{sp}", PolicyKinds.SERVICE_PROFILE,
                ctx -> PolicyKinds.serviceReference(ctx.pathParam("sr")),
                ctx -> PolicyKinds.serviceProfile(ctx.pathParam("sr"), ctx.pathParam("sp")),
                (ctx, mode, c) -> policy.putServiceProfile(ctx.pathParam("sr"), ctx.pathParam("sp"), Requests.body(ctx, MODULE), mode, c),
                ctx -> policy.deleteServiceProfile(ctx.pathParam("sr"), ctx.pathParam("sp")));
        resource(routes, "/domains/{d}/groups", "/{g}", PolicyKinds.GROUP, ctx -> PolicyKinds.domain(ctx.pathParam("d")),
                ctx -> PolicyKinds.group(ctx.pathParam("d"), ctx.pathParam("g")),
                (ctx, mode, c) -> policy.putGroup(ctx.pathParam("d"), ctx.pathParam("g"), Requests.body(ctx, MODULE), mode, c),
                ctx -> policy.deleteGroup(ctx.pathParam("d"), ctx.pathParam("g")));
        resource(routes, "/domains/{d}/endpoint-policies", "/{p}", PolicyKinds.ENDPOINT_POLICY,
                ctx -> PolicyKinds.domain(ctx.pathParam("d")),
                ctx -> PolicyKinds.endpointPolicy(ctx.pathParam("d"), ctx.pathParam("p")),
                (ctx, mode, c) -> policy.putEndpointPolicy(ctx.pathParam("d"), ctx.pathParam("p"), Requests.body(ctx, MODULE), mode, c),
                ctx -> policy.deleteEndpointPolicy(ctx.pathParam("d"), ctx.pathParam("p")));
        resource(routes, "/domains/{d}/endpoint-policies/{p}/endpoint-rules", "/{r}", PolicyKinds.ENDPOINT_RULE,
                ctx -> PolicyKinds.endpointPolicy(ctx.pathParam("d"), ctx.pathParam("p")),
                ctx -> PolicyKinds.endpointRule(ctx.pathParam("d"), ctx.pathParam("p"), ctx.pathParam("r")),
                (ctx, mode, c) -> policy.putEndpointRule(ctx.pathParam("d"), ctx.pathParam("p"), ctx.pathParam("r"),
                        Requests.body(ctx, MODULE), mode, c),
                ctx -> policy.deleteEndpointRule(ctx.pathParam("d"), ctx.pathParam("p"), ctx.pathParam("r")));
        realized.routes(routes);
    }

    @FunctionalInterface
    private interface PathOf {
        String of(Context ctx);
    }

    @FunctionalInterface
    private interface Deleter {
        void delete(Context ctx);
    }

    private void resource(ApiRoutes routes, String collection, String item, ResourceKind<?> kind, PathOf parent, PathOf self,
            Writer writer, Deleter deleter) {
        Access read = Access.read(Area.POLICY);
        Access write = Access.write(Area.POLICY);
        routes.get(INFRA + collection, read, (ctx, c) -> list(ctx, kind, parent.of(ctx)));
        routes.get(INFRA + collection + item, read, (ctx, c) -> Requests.json(ctx, 200, render(found(self.of(ctx), kind))));
        routes.put(INFRA + collection + item, write, (ctx, c) -> Requests.json(ctx, 200, render(writer.write(ctx, Mode.PUT, c))));
        routes.patch(INFRA + collection + item, write, (ctx, c) -> {
            writer.write(ctx, Mode.PATCH, c);
            ctx.status(200);
        });
        routes.delete(INFRA + collection + item, write, (ctx, c) -> {
            deleter.delete(ctx);
            ctx.status(200);
        });
    }

    private StoredResource found(String path, ResourceKind<?> kind) {
        return policy.get(path).filter(r -> r.kind().equals(kind.resourceType()))
                .orElseThrow(() -> ApiException.notFound(MODULE, kind.resourceType() + " " + path));
    }

    private void list(Context ctx, ResourceKind<?> kind, String parentPath) {
        Requests.PageRequest page = Requests.page(ctx, MODULE);
        ResourceStore.Page result = Requests.withCursor(MODULE,
                () -> policy.store().list(kind.resourceType(), parentPath, page.cursor(), page.pageSize()));
        Requests.json(ctx, 200, Requests.list(result.results(), result.resultCount(), result.cursor(), PolicyApi::render));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode render(StoredResource r) {
        return ResourceCodec.render(r, true);
    }

}
