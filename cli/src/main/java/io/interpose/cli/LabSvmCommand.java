package io.interpose.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab svm ...}: the service VMs a running lab's agent manager keeps. */
@Command(name = "svm", mixinStandardHelpOptions = true,
        description = "List service VMs (with process ids); power-off and migrate requests, which are refused.")
public final class LabSvmCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "list", description = "List service VMs.")
    void list() {
        System.out.println(LabClient.pretty(client().send("GET", "/lab/api/v1/svms", null)));
    }

    @Command(name = "power-off", description = "Ask to power a service VM off (refused: it must keep running).")
    void powerOff(@Parameters(paramLabel = "SVM_ID") String id) {
        client().send("POST", "/lab/api/v1/svms/" + id + "?action=power_off", null);
    }

    @Command(name = "migrate", description = "Ask to migrate a service VM (refused: it is pinned to its host).")
    void migrate(@Parameters(paramLabel = "SVM_ID") String id, @Parameters(paramLabel = "HOST") String host) {
        client().send("POST", "/lab/api/v1/svms/" + id + "?action=migrate", LabClient.json(Map.of("host_id", host)));
    }
}
