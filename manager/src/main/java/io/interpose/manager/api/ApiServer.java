package io.interpose.manager.api;

import io.interpose.manager.store.AuditEntry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP(S) server of the manager: one Jetty connector (TLS unless told otherwise), authentication
 * of every request but the health check, per-route authorization, the one error shape, and an audit
 * entry for every write.
 */
public final class ApiServer implements AutoCloseable {
    public static final String HEALTH_PATH = "/api/v1/health";
    public static final long MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String CALLER = "interpose.caller";

    private final Javalin app;

    /** TLS material for the connector: a keystore holding the server key and certificate chain. */
    public record Tls(KeyStore keyStore, char[] password) {}

    public record Settings(String host, int port, Optional<Tls> tls) {}

    /** Audit sink: called after every write request with its outcome. */
    @FunctionalInterface
    public interface AuditSink {
        void append(AuditEntry entry);
    }

    public ApiServer(Settings settings, Gatekeeper gatekeeper, AuditSink audit, Clock clock, List<? extends ApiModule> modules) {
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = "application/json";
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            config.jetty.addConnector((server, http) -> connector(server, http, settings));
            config.routes.get(HEALTH_PATH, ctx -> ctx.result("{\"status\":\"UP\"}"));
            config.routes.before(ctx -> {
                if (!HEALTH_PATH.equals(ctx.path())) {
                    ctx.attribute(CALLER, gatekeeper.authenticate(Optional.ofNullable(ctx.header("Authorization"))));
                }
            });
            config.routes.after(ctx -> auditWrite(ctx, audit, clock));
            config.routes.exception(ApiException.class, (e, ctx) -> ErrorRenderer.render(ctx, e));
            DomainErrors.register(config.routes);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ErrorRenderer.render(ctx, translate(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure in {} {}", ctx.method(), ctx.path(), e);
                ErrorRenderer.render(ctx, new ApiException(500, ErrorCode.INTERNAL, "common-services",
                        "Internal error; see the manager log (" + e.getClass().getSimpleName() + ")"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint")) {
                    ErrorRenderer.render(ctx, new ApiException(404, ErrorCode.NOT_FOUND, "common-services",
                            "No API endpoint " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> ErrorRenderer.render(ctx, new ApiException(405, ErrorCode.METHOD_NOT_ALLOWED,
                    "common-services", "Method " + ctx.method() + " is not allowed on " + ctx.path())));
            ApiRoutes routes = new ApiRoutes(config.routes, gatekeeper);
            modules.forEach(m -> m.routes(routes));
        });
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The caller the request was authenticated as. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("request was not authenticated");
        }
        return caller;
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, Settings settings) {
        ServerConnector connector = settings.tls().map(tls -> tlsConnector(server, http, tls))
                .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
    }

    private static ServerConnector tlsConnector(Server server, HttpConfiguration http, Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }

    private static ApiException translate(HttpResponseException e) {
        int status = e.getStatus();
        if (status == 413) {
            return new ApiException(413, ErrorCode.BODY_TOO_LARGE, "common-services",
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        ErrorCode code = status == 404 ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_REQUEST;
        return new ApiException(status >= 400 && status <= 599 ? status : 400, code, "common-services", e.getMessage());
    }

    private static void auditWrite(Context ctx, AuditSink audit, Clock clock) {
        if (!WRITES.contains(ctx.method().name())) {
            return;
        }
        Caller caller = ctx.attribute(CALLER);
        String user = caller == null ? "(unauthenticated)" : caller.username();
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        int status = ctx.statusCode();
        String detail = status >= 400 ? String.valueOf(ctx.result()) : "";
        try {
            audit.append(new AuditEntry(clock.millis(), user, ctx.method().name(), ctx.path() + query, status,
                    detail.length() > 1000 ? detail.substring(0, 1000) : detail));
        } catch (RuntimeException e) {
            LOG.error("Could not record audit entry for {} {}", ctx.method(), ctx.path(), e);
        }
    }

    /** A part of the API: registers its routes. */
    @FunctionalInterface
    public interface ApiModule {
        void routes(ApiRoutes routes);
    }
}
