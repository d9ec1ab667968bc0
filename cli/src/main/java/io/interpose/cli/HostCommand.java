package io.interpose.cli;

import com.sun.net.httpserver.HttpServer;
import io.interpose.host.HostAgent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code interpose host}: the host agent of one hypervisor host, as its own process. The first start
 * enrols with a join token (from {@code POST /api/v1/fabric/hosts/{id}?action=create_join_token});
 * later starts reuse the identity kept in {@code --data}.
 */
@Command(name = "host", mixinStandardHelpOptions = true, description = "Run the host agent (ops agent and Context MUX) of one host.")
public final class HostCommand implements Runnable {
    @Option(names = "--host-id", required = true, description = "The host's id in the inventory.")
    String hostId;

    @Option(names = "--manager", required = true, description = "The manager's control channel, host:port.")
    String manager;

    @Option(names = "--manager-ca", required = true, description = "The manager's CA certificate (PEM).")
    Path managerCa;

    @Option(names = "--join-token", defaultValue = "${env:INTERPOSE_JOIN_TOKEN:-}",
            description = "One-time join token for the first start (env INTERPOSE_JOIN_TOKEN).")
    String joinToken;

    @Option(names = "--data", defaultValue = "host-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--mux-address", defaultValue = "127.0.0.1", description = "Address the MUX listens on for SVMs (default: ${DEFAULT-VALUE}).")
    String muxAddress;

    @Option(names = "--mux-port", defaultValue = "9445", description = "Port the MUX listens on for SVMs (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int muxPort;

    @Option(names = "--metrics-port", defaultValue = "-1",
            description = "Serve the MUX's Prometheus metrics at http://<mux-address>:<port>/metrics (default: off).")
    int metricsPort;

    @Override
    public void run() {
        HostAgent agent = HostAgent.start(new HostAgent.Config(hostId, data, address(manager), HostAgent.certificate(managerCa),
                Optional.of(joinToken).filter(t -> !t.isBlank()), new InetSocketAddress(muxAddress, muxPort), Clock.systemUTC()));
        Optional<HttpServer> metrics = metricsPort < 0 ? Optional.empty() : Optional.of(MetricsEndpoint.serve(muxAddress, metricsPort, agent::scrape));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            metrics.ifPresent(server -> server.stop(0));
            agent.close();
            stopped.countDown();
        }, "host-shutdown"));
        System.out.println("Interpose host agent " + hostId + ": guests at " + agent.guestSocket() + ", SVMs at "
                + agent.partnerAddress().getHostString() + ":" + agent.partnerAddress().getPort());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--manager must be host:port, not " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
