package io.interpose.cli;

import io.interpose.manager.realization.RealizationBench;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code interpose bench ...}: benchmarks that are not part of the test command. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its results (JSON last).",
        subcommands = {BenchCommand.Realization.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Benchmarks: realization. Example: ./interpose bench realization");
    }

    /** Full and incremental policy realization at scale. */
    @Command(name = "realization", mixinStandardHelpOptions = true,
            description = "Realize 2,000 groups and 500 rules over 50,000 VMs on 1,000 hosts; then time single tag changes.")
    static final class Realization implements Runnable {
        @Option(names = "--vms", defaultValue = "50000") int vms;
        @Option(names = "--hosts", defaultValue = "1000") int hosts;
        @Option(names = "--groups", defaultValue = "2000") int groups;
        @Option(names = "--rules", defaultValue = "500") int rules;

        @Override
        public void run() {
            List<String> args = new ArrayList<>(List.of("--vms", "" + vms, "--hosts", "" + hosts, "--groups", "" + groups, "--rules", "" + rules));
            RealizationBench.main(args.toArray(String[]::new));
        }
    }
}
