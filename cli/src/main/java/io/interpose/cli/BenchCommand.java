package io.interpose.cli;

import io.interpose.manager.realization.RealizationBench;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code interpose bench ...}: benchmarks, kept out of the test command. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark; its JSON summary is the last line.",
        subcommands = {BenchCommand.Realization.class, BenchCommand.Deploy.class, BenchCommand.SvmRestart.class, BenchCommand.Gi.class,
        BenchCommand.Guest.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Benchmarks: realization, deploy, svm-restart, gi, guest. Example: ./interpose bench realization");
    }

    /** Full and incremental policy realization at scale (see docs/benchmarks.md). */
    @Command(name = "realization", mixinStandardHelpOptions = true,
            description = "Realize 2,000 groups and 500 rules over 50,000 VMs on 1,000 hosts, then time single changes. "
                    + "Override the shape with key=number: vms, hosts, groups, policies, rules, changes, group_changes, runs, warmups, seed.")
    static final class Realization implements Runnable {
        @Parameters(arity = "0..*", paramLabel = "KEY=NUMBER")
        List<String> shape = List.of();

        @Override
        public void run() {
            System.out.println(RealizationBench.run(shape.toArray(String[]::new)));
        }
    }

    /** Deployment of one agency to many simulated hosts (issue 3). */
    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Deploy one service to N simulated hosts (default 500); time until every SVM is ready.")
    static final class Deploy implements Runnable {
        @Parameters(arity = "0..1", defaultValue = "500", paramLabel = "HOSTS")
        int hosts;

        @Override
        public void run() {
            try {
                System.out.println(io.interpose.compute.agent.AgentBench.run(hosts).json());
            } catch (Exception e) {
                throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
            }
        }
    }

    /** Kill an SVM process, time its replacement (issue 3). */
    @Command(name = "svm-restart", mixinStandardHelpOptions = true,
            description = "Kill a real SVM process N times (default 10); time until its replacement is ready.")
    static final class SvmRestart implements Runnable {
        @Parameters(arity = "0..1", defaultValue = "10", paramLabel = "KILLS")
        int kills;

        @Override
        public void run() {
            try {
                System.out.println(io.interpose.compute.agent.SvmRestartBench.run(kills));
            } catch (Exception e) {
                throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
            }
        }
    }

    /** Guest Introspection through one Context MUX: notifications/s, verdict round trip, CPU per event (issue 4). */
    @Command(name = "gi", mixinStandardHelpOptions = true,
            description = "Synthetic guests and a trivial partner over loopback through one MUX, against a no-MUX baseline: "
                    + "notifications/s, verdict round trip p50/p99 at a fixed rate, CPU per event, GC. "
                    + "Override with key=number: guests (4), seconds (10), rate (10000 verdicts/s), warmup (5 s), "
                    + "fork (1: in a child JVM with Parallel GC and a 2 GiB heap; 0: in this JVM), "
                    + "reader_callbacks (1: the partner's callbacks on the SDK's reader thread; 0: on SDK workers).")
    static final class Gi implements Runnable {
        @Parameters(arity = "0..*", paramLabel = "KEY=NUMBER")
        List<String> settings = List.of();

        @Override
        public void run() {
            System.out.println(io.interpose.lab.bench.GiBench.run(settings.toArray(String[]::new)));
        }
    }

    /** What the Linux thin agent costs a program's opens: none, decided by a partner, answered from the cache. */
    @Command(name = "guest", mixinStandardHelpOptions = true,
            description = "A child process opens files on a tmpfs with no agent, with the thin agent asking a trivial partner "
                    + "through the MUX, and with the partner's cache hint; needs root. "
                    + "Override with key=number: opens (20000), files (100), warmup (2000), rounds (3).")
    static final class Guest implements Runnable {
        @Parameters(arity = "0..*", paramLabel = "KEY=NUMBER")
        List<String> settings = List.of();

        @Override
        public void run() {
            System.out.println(io.interpose.lab.bench.GuestBench.run(settings.toArray(String[]::new)));
        }
    }
}
