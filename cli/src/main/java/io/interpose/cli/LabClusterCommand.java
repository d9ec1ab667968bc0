package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab cluster ...}: clusters of a running lab. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "List, add and remove lab clusters.")
public final class LabClusterCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "list", description = "List clusters.")
    void list() {
        System.out.println(LabClient.pretty(client().send("GET", "/api/v1/fabric/compute-collections", null)));
    }

    @Command(name = "add", description = "Add a cluster.")
    void add(@Parameters(paramLabel = "ID") String id, @Option(names = "--name", defaultValue = "") String name) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/clusters",
                LabClient.json(Map.of("id", id, "display_name", name.isEmpty() ? id : name)))));
    }

    @Command(name = "remove", description = "Remove an empty cluster.")
    void remove(@Parameters(paramLabel = "ID") String id) {
        client().send("DELETE", "/lab/api/v1/clusters/" + id, null);
        System.out.println("removed " + id);
    }
}
