package io.interpose.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** Reading requests and writing responses the same way everywhere. */
public final class Requests {
    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int MAX_PAGE_SIZE = 1000;

    private Requests() {}

    /** A body over the limit but under this is read and thrown away before the 413, so the client reads the answer. */
    private static final long DRAINED_BYTES = 8L * ApiServer.MAX_BODY_BYTES;

    /** The body as one JSON object; 413 above the size limit, 400 if not a JSON object. */
    public static ObjectNode body(Context ctx, String module) {
        if (ctx.contentLength() > ApiServer.MAX_BODY_BYTES) {
            if (ctx.contentLength() <= DRAINED_BYTES) {
                drain(ctx);
            }
            throw new ApiException(413, ErrorCode.BODY_TOO_LARGE, module,
                    "The request body is larger than " + ApiServer.MAX_BODY_BYTES + " bytes");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > ApiServer.MAX_BODY_BYTES) {
            throw new ApiException(413, ErrorCode.BODY_TOO_LARGE, module,
                    "The request body is larger than " + ApiServer.MAX_BODY_BYTES + " bytes");
        }
        return Json.parseObject(new String(bytes, StandardCharsets.UTF_8), module);
    }

    /**
     * Reads the body to its end. Answering before the client has sent its body and closing the
     * connection makes many clients (the JDK's among them) see a reset instead of the answer.
     */
    private static void drain(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    /** {@code page_size} (1..1000, default 1000) and {@code cursor} query parameters. */
    public record PageRequest(String cursor, int pageSize) {}

    public static PageRequest page(Context ctx, String module) {
        String size = ctx.queryParam("page_size");
        int pageSize = DEFAULT_PAGE_SIZE;
        if (size != null) {
            try {
                pageSize = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw ApiException.badRequest(module, "page_size must be an integer from 1 to " + MAX_PAGE_SIZE + ", got '" + size + "'");
            }
        }
        String cursor = ctx.queryParam("cursor");
        return new PageRequest(cursor == null ? "" : cursor, pageSize);
    }

    /** A boolean query parameter; absent means false; anything but true/false is a 400. */
    public static boolean flag(Context ctx, String name, String module) {
        String value = ctx.queryParam(name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest(module, "Query parameter " + name + " must be true or false, got '" + value + "'");
    }

    public static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.write(body));
    }

    /** The list shape: {@code {results, result_count, cursor}}. */
    public static <T> ObjectNode list(List<T> results, int resultCount, String cursor, Function<T, JsonNode> render) {
        ObjectNode out = Json.object();
        ArrayNode array = out.putArray("results");
        results.forEach(r -> array.add(render.apply(r)));
        out.put("result_count", resultCount);
        out.put("cursor", cursor == null ? "" : cursor);
        return out;
    }

    /** Runs a store read that takes a client's cursor; a cursor the store cannot decode is a 400. */
    public static <T> T withCursor(String module, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(module, e.getMessage());
        }
    }

    /** Pages an in-memory, already ordered list with an offset cursor. */
    public static <T> ObjectNode listInMemory(List<T> all, PageRequest page, Function<T, JsonNode> render, String module) {
        int from = 0;
        if (!page.cursor().isEmpty()) {
            try {
                from = Integer.parseInt(page.cursor());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(module, "Invalid cursor '" + page.cursor() + "'");
            }
            if (from < 0 || from > all.size()) {
                throw ApiException.badRequest(module, "Invalid cursor '" + page.cursor() + "'");
            }
        }
        int to = Math.min(all.size(), from + page.pageSize());
        String next = to < all.size() ? Integer.toString(to) : "";
        return list(all.subList(from, to), all.size(), next, render);
    }
}
