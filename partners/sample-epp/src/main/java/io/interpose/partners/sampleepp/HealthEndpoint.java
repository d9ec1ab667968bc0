package io.interpose.partners.sampleepp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code GET /health} answers {@code 200 UP} on a loopback port; anything else is 404. */
final class HealthEndpoint {
    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** @throws IOException if the port cannot be bound */
    static HealthEndpoint start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", HealthEndpoint::answer);
        server.start();
        return new HealthEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        boolean health = exchange.getRequestURI().getPath().equals("/health");
        byte[] body = (health ? "UP\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(health ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
