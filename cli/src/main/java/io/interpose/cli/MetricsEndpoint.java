package io.interpose.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@code http://<address>:<port>/metrics}: a process's counters for Prometheus, in its text format. */
final class MetricsEndpoint {

    private MetricsEndpoint() {
    }

    /**
     * Serves {@code scrape} until the returned server is stopped.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    static HttpServer serve(String address, int port, Supplier<String> scrape) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.createContext("/metrics", exchange -> {
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            System.out.println("Metrics at http://" + address + ":" + server.getAddress().getPort() + "/metrics");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }
}
