package io.interpose.manager.serviceinsertion;

import io.interpose.manager.api.Access;
import io.interpose.manager.identity.Area;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import io.interpose.manager.api.Requests;
import io.interpose.manager.api.ResourceCodec;
import io.interpose.manager.store.StoredResource;
import java.util.List;

/**
 * {@code /api/v1/serviceinsertion/services[/{id}[/vendor-templates[/{vt}]]]}: how partners register
 * services and protection levels.
 */
public final class ServiceInsertionApi implements ApiServer.ApiModule {
    private static final String BASE = "/api/v1/serviceinsertion/services";
    private static final String MODULE = ServiceCatalog.MODULE;
    private final ServiceCatalog catalog;

    public ServiceInsertionApi(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void routes(ApiRoutes routes) {
        Access read = Access.read(Area.SERVICE_INSERTION);
        Access write = Access.write(Area.SERVICE_INSERTION);
        routes.post(BASE, write, (ctx, caller) -> one(ctx, 201, catalog.create(Requests.body(ctx, MODULE), caller)));
        routes.get(BASE, read, (ctx, caller) -> many(ctx, catalog.services(caller)));
        routes.get(BASE + "/{id}", read, (ctx, caller) -> one(ctx, 200, catalog.service(ctx.pathParam("id"), caller)));
        routes.put(BASE + "/{id}", write, (ctx, caller) ->
                one(ctx, 200, catalog.replace(ctx.pathParam("id"), Requests.body(ctx, MODULE), caller)));
        routes.delete(BASE + "/{id}", write, (ctx, caller) -> {
            catalog.delete(ctx.pathParam("id"), Requests.flag(ctx, "cascade", MODULE), caller);
            ctx.status(200);
        });
        String templates = BASE + "/{id}/vendor-templates";
        routes.post(templates, write, (ctx, caller) ->
                one(ctx, 200, catalog.createTemplate(ctx.pathParam("id"), Requests.body(ctx, MODULE), caller)));
        routes.get(templates, read, (ctx, caller) -> {
            String name = ctx.queryParam("vendor_template_name");
            many(ctx, catalog.templates(ctx.pathParam("id"), caller).stream()
                    .filter(t -> name == null || name.equals(t.body().path("display_name").asText())).toList());
        });
        routes.get(templates + "/{vt}", read, (ctx, caller) ->
                one(ctx, 200, catalog.template(ctx.pathParam("id"), ctx.pathParam("vt"), caller)));
        routes.delete(templates + "/{vt}", write, (ctx, caller) -> {
            catalog.deleteTemplate(ctx.pathParam("id"), ctx.pathParam("vt"), caller);
            ctx.status(200);
        });
    }

    private static void one(io.javalin.http.Context ctx, int status, StoredResource resource) {
        Requests.json(ctx, status, ResourceCodec.render(resource, false));
    }

    private static void many(io.javalin.http.Context ctx, List<StoredResource> all) {
        Requests.json(ctx, 200, Requests.listInMemory(all, Requests.page(ctx, MODULE), r -> ResourceCodec.render(r, false), MODULE));
    }
}
