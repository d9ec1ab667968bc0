package io.interpose.lab.bench;

import io.interpose.guest.link.GuestLink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** The baseline: the same synthetic guests against {@link EchoMux} (no MUX, no TLS, no partner SDK). */
final class EchoRig implements BenchRig {

    private final EchoMux echo;
    private final ScheduledExecutorService scheduler = BenchRig.scheduler("gi-bench-baseline-guests");
    private final List<GuestLink> links;

    private EchoRig(Path directory, int guests) throws IOException {
        echo = EchoMux.start(directory.resolve("echo-guest.sock"));
        try {
            links = BenchRig.connect(echo.socket(), BenchRig.vmIds(guests), vm -> "unchecked", scheduler, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            echo.close();
            scheduler.shutdownNow();
            throw e;
        }
    }

    static EchoRig start(Path directory, int guests) throws IOException {
        return new EchoRig(directory, guests);
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public List<GuestLink> links() {
        return links;
    }

    @Override
    public long delivered() {
        return echo.notifications();
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public void close() {
        BenchRig.stop(links, scheduler);
        echo.close();
    }
}
