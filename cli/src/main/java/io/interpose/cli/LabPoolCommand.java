package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab pool ...}: IP pools of a running lab's networks. */
@Command(name = "pool", mixinStandardHelpOptions = true, description = "Add and remove IP pools; show their allocations.")
public final class LabPoolCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "add", description = "Add a pool of addresses FIRST..LAST (inclusive) to a network.")
    void add(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--network", required = true) String network,
             @Option(names = "--first", required = true) String first,
             @Option(names = "--last", required = true) String last) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/networks/" + network + "/pools",
                LabClient.json(Map.of("id", id, "first_address", first, "last_address", last)))));
    }

    @Command(name = "remove", description = "Remove a pool (refused while addresses are allocated).")
    void remove(@Parameters(paramLabel = "ID") String id) {
        client().send("DELETE", "/lab/api/v1/pools/" + id, null);
        System.out.println("removed " + id);
    }

    @Command(name = "allocations", description = "Show the addresses handed out from a pool.")
    void allocations(@Parameters(paramLabel = "ID") String id) {
        System.out.println(LabClient.pretty(client().send("GET", "/lab/api/v1/pools/" + id + "/allocations", null)));
    }
}
