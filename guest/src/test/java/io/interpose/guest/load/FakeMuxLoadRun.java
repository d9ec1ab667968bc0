package io.interpose.guest.load;

import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLink;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.GuestResponder;
import io.interpose.guest.link.LinkListener;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

/**
 * Runs the load driver against the fake MUX for a few seconds and prints the one-line JSON: how fast the guest
 * side alone goes. Usage: {@code FakeMuxLoadRun [links] [verdicts/s] [seconds]}.
 */
public final class FakeMuxLoadRun {

    private FakeMuxLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        int linkCount = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Duration duration = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 5);
        Path dir = Files.createTempDirectory("gi-load");
        FakeMux mux = new FakeMux(dir.resolve("gi-guest.sock")).recordEvents(false)
                .rule(e -> Optional.of(Decision.ALLOW))
                .interest(Interest.newBuilder().addDecide(EventType.FILE_OPEN).addNotify(EventType.FILE_CLOSE_WRITE)
                        .setVerdictDeadlineMs(1_000).build()).start();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        GuestResponder none = new GuestResponder() {
            @Override
            public QueryResult answer(Query query) {
                return QueryResult.getDefaultInstance();
            }

            @Override
            public RemediationResult remediate(Remediation remediation) {
                return RemediationResult.getDefaultInstance();
            }
        };
        List<GuestLink> links = IntStream.range(0, linkCount).mapToObj(i -> new GuestLink(
                GuestLinkConfig.linux(mux.socket(), "vm-" + i, () -> "c"), none, new LinkListener() { }, scheduler, scheduler))
                .toList();
        links.forEach(GuestLink::start);
        while (!links.stream().allMatch(l -> l.interest().wants(EventType.FILE_OPEN))) {
            Thread.onSpinWait();
        }
        LoadDriver driver = new LoadDriver(links);
        driver.verdicts(rate, Duration.ofSeconds(1));
        VerdictResult verdicts = driver.verdicts(rate, duration);
        driver.notifications(Duration.ofSeconds(1));
        NotificationResult notifications = driver.notifications(duration);
        System.out.println(new LoadResult(notifications, verdicts).toJson());
        links.forEach(GuestLink::close);
        mux.stop();
        scheduler.shutdownNow();
    }
}
