package io.interpose.manager.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Writes the API's one error shape. */
public final class ErrorRenderer {
    private ErrorRenderer() {}

    public static void render(Context ctx, ApiException e) {
        ctx.status(e.status());
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"interpose\"");
        }
        ctx.contentType("application/json");
        ctx.result(Json.write(body(e)));
    }

    public static ObjectNode body(ApiException e) {
        ObjectNode body = Json.object();
        body.put("httpStatus", HttpStatus.forStatus(e.status()).name());
        body.put("error_code", e.code().number());
        body.put("module_name", e.module());
        body.put("error_message", e.getMessage());
        ArrayNode related = body.putArray("related_errors");
        for (ApiException.RelatedError r : e.related()) {
            related.addObject()
                    .put("error_code", r.code().number())
                    .put("module_name", r.module())
                    .put("error_message", r.message());
        }
        return body;
    }
}
