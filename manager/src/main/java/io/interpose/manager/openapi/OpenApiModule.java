package io.interpose.manager.openapi;

import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Serves the OpenAPI 3 document of the whole API at {@code /api/v1/spec/openapi.json} to any
 * authenticated user. The document is a YAML resource of this module ({@value #RESOURCE}); the API tests validate every
 * response they receive against it, so it cannot drift from the code.
 */
public final class OpenApiModule implements ApiServer.ApiModule {
    public static final String PATH = "/api/v1/spec/openapi.json";
    public static final String RESOURCE = "/openapi/interpose.yaml";

    @Override
    public void routes(ApiRoutes routes) {
        String document = document();
        routes.get(PATH, Access.authenticated(), (ctx, c) -> {
            ctx.contentType("application/json");
            ctx.result(document);
        });
    }

    /** The OpenAPI document as served: the YAML source, as JSON. */
    public static String document() {
        try (InputStream in = OpenApiModule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document " + RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }
}
