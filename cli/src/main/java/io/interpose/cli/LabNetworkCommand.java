package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab network ...}: networks of a running lab. */
@Command(name = "network", mixinStandardHelpOptions = true, description = "List, add and remove lab networks.")
public final class LabNetworkCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "list", description = "List networks with their IP pools.")
    void list() {
        System.out.println(LabClient.pretty(client().send("GET", "/lab/api/v1/networks", null)));
    }

    @Command(name = "add", description = "Add a network.")
    void add(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--cidr", required = true, description = "IPv4 subnet, e.g. 10.20.0.0/24") String cidr,
             @Option(names = "--gateway", defaultValue = "", description = "Gateway address inside the subnet (default: none)") String gateway,
             @Option(names = "--name", defaultValue = "") String name) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/networks", LabClient.json(Map.of(
                "id", id, "display_name", name.isEmpty() ? id : name, "cidr", cidr, "gateway", gateway)))));
    }

    @Command(name = "remove", description = "Remove a network and its pools (refused while addresses are allocated).")
    void remove(@Parameters(paramLabel = "ID") String id) {
        client().send("DELETE", "/lab/api/v1/networks/" + id, null);
        System.out.println("removed " + id);
    }
}
