package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab host ...}: hypervisor hosts of a running lab. */
@Command(name = "host", mixinStandardHelpOptions = true, description = "List, add, move and remove lab hosts.")
public final class LabHostCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "list", description = "List hosts.")
    void list() {
        System.out.println(LabClient.pretty(client().send("GET", "/api/v1/fabric/hosts", null)));
    }

    @Command(name = "add", description = "Add a host.")
    void add(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--cluster", defaultValue = "") String cluster,
             @Option(names = "--name", defaultValue = "") String name) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/hosts",
                LabClient.json(Map.of("id", id, "display_name", name.isEmpty() ? id : name, "cluster_id", cluster)))));
    }

    @Command(name = "move", description = "Move a host to another cluster (empty: standalone).")
    void move(@Parameters(paramLabel = "ID") String id, @Parameters(paramLabel = "CLUSTER") String cluster) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/hosts/" + id + "?action=move",
                LabClient.json(Map.of("cluster_id", cluster)))));
    }

    @Command(name = "remove", description = "Remove a host.")
    void remove(@Parameters(paramLabel = "ID") String id, @Option(names = "--force") boolean force) {
        client().send("DELETE", "/lab/api/v1/hosts/" + id + (force ? "?force=true" : ""), null);
        System.out.println("removed " + id);
    }
}
