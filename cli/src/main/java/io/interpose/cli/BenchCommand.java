package io.interpose.cli;

import io.interpose.manager.realization.RealizationBench;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code interpose bench ...}: benchmarks, kept out of the test command. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark; its JSON summary is the last line.",
        subcommands = {BenchCommand.Realization.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Benchmarks: realization. Example: ./interpose bench realization");
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
}
