package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab host ...}: hypervisor hosts of a running lab. */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "List, add, move and remove lab hosts; connect and disconnect them; put them in and out of maintenance mode.",
        subcommands = LabHostCommand.Maintenance.class)
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

    @Command(name = "connect", description = "Connect a host (host start): the VMs its disconnect powered off come back "
            + "once its service VMs are ready, or after the power-on gate's timeout.")
    void connect(@Parameters(paramLabel = "ID") String id) {
        System.out.println(action(id, "connect"));
    }

    @Command(name = "disconnect", description = "Disconnect a host: its running VMs are powered off (and remembered).")
    void disconnect(@Parameters(paramLabel = "ID") String id) {
        System.out.println(action(id, "disconnect"));
    }

    private String action(String id, String action) {
        return LabClient.pretty(client().send("POST", "/lab/api/v1/hosts/" + id + "?action=" + action, null));
    }

    /** {@code interpose lab host maintenance enter|exit ID}. */
    @Command(name = "maintenance", mixinStandardHelpOptions = true, description = "Put a host in or out of maintenance mode.")
    static final class Maintenance {
        @ParentCommand
        LabHostCommand host;

        @Command(name = "enter", description = "Enter maintenance mode: running workloads migrate to the other available hosts "
                + "of the cluster (or are powered off when there is none), then the host is in maintenance mode.")
        void enter(@Parameters(paramLabel = "ID") String id) {
            System.out.println(host.action(id, "enter_maintenance"));
        }

        @Command(name = "exit", description = "Exit maintenance mode; workloads powered off on entry come back after the power-on gate.")
        void exit(@Parameters(paramLabel = "ID") String id) {
            System.out.println(host.action(id, "exit_maintenance"));
        }
    }

    @Command(name = "remove", description = "Remove a host.")
    void remove(@Parameters(paramLabel = "ID") String id, @Option(names = "--force") boolean force) {
        client().send("DELETE", "/lab/api/v1/hosts/" + id + (force ? "?force=true" : ""), null);
        System.out.println("removed " + id);
    }
}
