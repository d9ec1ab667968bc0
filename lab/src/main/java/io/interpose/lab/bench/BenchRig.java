package io.interpose.lab.bench;

import io.interpose.guest.link.GuestLink;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.GuestResponder;
import io.interpose.guest.link.LinkListener;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One side of the benchmark set up and connected: synthetic guests' links to a server of the guest link (the
 * Context MUX with a partner behind it, or the baseline's echo), and the count of notifications that reached
 * the far end.
 */
interface BenchRig extends AutoCloseable {

    /** "mux" or "baseline", for the report. */
    String name();

    /** The guests' links, connected and told the partner's Interest. */
    List<GuestLink> links();

    /** Notifications the far end (the partner, or the echo) has received so far. */
    long delivered();

    /** Notifications refused on the way (full queues), so far. */
    long dropped();

    @Override
    void close();

    /** The VM ids of {@code count} synthetic guests. */
    static List<String> vmIds(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "vm-bench-" + i).toList();
    }

    /**
     * Starts a link per VM on {@code socket} and waits until each has the Interest the partner asks for.
     *
     * @throws IllegalStateException if they are not all ready within {@code timeout}
     */
    static List<GuestLink> connect(Path socket, List<String> vmIds, Function<String, String> credentials,
            ScheduledExecutorService scheduler, Duration timeout) {
        List<GuestLink> links = vmIds.stream().map(vm -> new GuestLink(
                GuestLinkConfig.linux(socket, vm, () -> credentials.apply(vm)).withAgent("gi-bench", "1"),
                NO_ANSWERS, new LinkListener() { }, scheduler, scheduler)).toList();
        links.forEach(GuestLink::start);
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!links.stream().allMatch(BenchRig::ready)) {
            if (System.nanoTime() - giveUp > 0) {
                links.forEach(GuestLink::close);
                throw new IllegalStateException("the guests did not get the partner's Interest within " + timeout
                        + ": " + links.stream().map(l -> l.vmId() + "=" + l.state()).toList());
            }
            sleep(Duration.ofMillis(10));
        }
        return links;
    }

    /** One thread for the guests' timers and answers (the benchmark sends no queries). */
    static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    static void stop(List<GuestLink> links, ScheduledExecutorService scheduler) {
        links.forEach(GuestLink::close);
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean ready(GuestLink link) {
        return link.isConnected() && link.interest().interest().getDecideList().contains(BenchPartner.DECIDED)
                && link.interest().interest().getNotifyList().contains(BenchPartner.NOTIFIED);
    }

    /** The benchmark never queries or remediates. */
    GuestResponder NO_ANSWERS = new GuestResponder() {
        @Override
        public QueryResult answer(Query query) {
            return QueryResult.getDefaultInstance();
        }

        @Override
        public RemediationResult remediate(Remediation remediation) {
            return RemediationResult.getDefaultInstance();
        }
    };
}
