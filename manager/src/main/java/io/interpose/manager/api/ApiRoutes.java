package io.interpose.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The route table handed to API modules: every route declares the {@link Access} it needs. */
public final class ApiRoutes {
    private final RoutesConfig routes;
    private final Gatekeeper gatekeeper;

    ApiRoutes(RoutesConfig routes, Gatekeeper gatekeeper) {
        this.routes = routes;
        this.gatekeeper = gatekeeper;
    }

    /** A handler that receives the authenticated, authorized caller. */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    public ApiRoutes get(String path, Access access, Handler handler) {
        routes.get(path, guarded(access, handler));
        return this;
    }

    public ApiRoutes post(String path, Access access, Handler handler) {
        routes.post(path, guarded(access, handler));
        return this;
    }

    public ApiRoutes put(String path, Access access, Handler handler) {
        routes.put(path, guarded(access, handler));
        return this;
    }

    public ApiRoutes patch(String path, Access access, Handler handler) {
        routes.patch(path, guarded(access, handler));
        return this;
    }

    public ApiRoutes delete(String path, Access access, Handler handler) {
        routes.delete(path, guarded(access, handler));
        return this;
    }

    private io.javalin.http.Handler guarded(Access access, Handler handler) {
        return ctx -> {
            Caller caller = ApiServer.caller(ctx);
            gatekeeper.authorize(caller, access);
            handler.handle(ctx, caller);
        };
    }
}
