package io.interpose.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code interpose} command. */
@Command(name = "interpose", mixinStandardHelpOptions = true, version = "interpose 0.1.0",
        description = "Interpose: insert third-party security services into a virtualized datacenter.",
        subcommands = {LabCommand.class, ManagerCommand.class, HostCommand.class, GuestCommand.class, BenchCommand.class})
public final class Interpose implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Interpose());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("interpose: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
