package io.interpose.manager.api;

import io.interpose.compute.UnknownObjectException;
import io.interpose.manager.identity.LastAdminException;
import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.NotFoundException;
import io.interpose.manager.store.StaleRevisionException;
import io.interpose.model.InvalidResourceException;
import io.javalin.config.RoutesConfig;

/** Maps the exceptions of the domain layers to the API's error shape, in one place. */
final class DomainErrors {
    private static final String MODULE = "common-services";

    private DomainErrors() {}

    static void register(RoutesConfig routes) {
        routes.exception(InvalidResourceException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, ResourceCodec.invalid(e.getMessage().split(" is invalid")[0], MODULE, e.violations())));
        routes.exception(NotFoundException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, new ApiException(404, ErrorCode.NOT_FOUND, MODULE, capitalized(e.getMessage()))));
        routes.exception(UnknownObjectException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, new ApiException(404, ErrorCode.NOT_FOUND, MODULE, capitalized(e.getMessage()))));
        routes.exception(AlreadyExistsException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, new ApiException(409, ErrorCode.ALREADY_EXISTS, MODULE, capitalized(e.getMessage()))));
        routes.exception(StaleRevisionException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, new ApiException(412, ErrorCode.STALE_REVISION, MODULE, capitalized(e.getMessage()))));
        routes.exception(LastAdminException.class, (e, ctx) ->
                ErrorRenderer.render(ctx, new ApiException(409, ErrorCode.IN_USE, MODULE, capitalized(e.getMessage()))));
    }

    private static String capitalized(String message) {
        return message == null || message.isEmpty() ? "" : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
