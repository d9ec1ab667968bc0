package io.interpose.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code interpose lab vm ...}: workload VMs of a running lab. */
@Command(name = "vm", mixinStandardHelpOptions = true,
        description = "List, add, remove, rename, tag, migrate, power on, power off and suspend lab VMs.")
public final class LabVmCommand {
    @ParentCommand
    LabCommand lab;

    private LabClient client() {
        return LabClient.fromLabJson(lab.data);
    }

    @Command(name = "list", description = "List VMs.")
    void list() {
        System.out.println(LabClient.pretty(client().send("GET", "/api/v1/fabric/virtual-machines", null)));
    }

    @Command(name = "add", description = "Add a VM.")
    void add(@Option(names = "--name", required = true) String name,
             @Option(names = "--host", required = true) String host,
             @Option(names = "--os", defaultValue = "") String os,
             @Option(names = "--computer-name", defaultValue = "") String computerName,
             @Option(names = "--id", defaultValue = "") String id,
             @Option(names = "--tag", description = "scope:tag or tag (repeatable)") List<String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("external_id", id);
        body.put("display_name", name);
        body.put("host_id", host);
        body.put("os_name", os);
        body.put("computer_name", computerName);
        body.put("tags", tags(tags));
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/vms", LabClient.json(body))));
    }

    @Command(name = "remove", description = "Remove a VM.")
    void remove(@Parameters(paramLabel = "EXTERNAL_ID") String id) {
        client().send("DELETE", "/lab/api/v1/vms/" + id, null);
        System.out.println("removed " + id);
    }

    @Command(name = "rename", description = "Rename a VM.")
    void rename(@Parameters(paramLabel = "EXTERNAL_ID") String id, @Parameters(paramLabel = "NAME") String name) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/vms/" + id + "?action=rename",
                LabClient.json(Map.of("display_name", name)))));
    }

    @Command(name = "tag", description = "Replace a VM's tags.")
    void tag(@Parameters(paramLabel = "EXTERNAL_ID") String id,
             @Parameters(paramLabel = "TAG", arity = "0..*", description = "scope:tag or tag") List<String> tags) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/vms/" + id + "?action=update_tags",
                LabClient.json(Map.of("tags", tags(tags))))));
    }

    @Command(name = "migrate", description = "Move a VM to another host.")
    void migrate(@Parameters(paramLabel = "EXTERNAL_ID") String id, @Parameters(paramLabel = "HOST") String host) {
        System.out.println(LabClient.pretty(client().send("POST", "/lab/api/v1/vms/" + id + "?action=migrate",
                LabClient.json(Map.of("host_id", host)))));
    }

    @Command(name = "power-on", description = "Power a VM on (or resume it); refused on a disconnected host or one in maintenance mode.")
    void powerOn(@Parameters(paramLabel = "EXTERNAL_ID") String id) {
        System.out.println(action(id, "power_on"));
    }

    @Command(name = "power-off", description = "Power a VM off.")
    void powerOff(@Parameters(paramLabel = "EXTERNAL_ID") String id) {
        System.out.println(action(id, "power_off"));
    }

    @Command(name = "suspend", description = "Suspend a powered-on VM.")
    void suspend(@Parameters(paramLabel = "EXTERNAL_ID") String id) {
        System.out.println(action(id, "suspend"));
    }

    private String action(String id, String action) {
        return LabClient.pretty(client().send("POST", "/lab/api/v1/vms/" + id + "?action=" + action, null));
    }

    static List<Map<String, String>> tags(List<String> specs) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            int colon = spec.indexOf(':');
            out.add(Map.of("scope", colon < 0 ? "" : spec.substring(0, colon), "tag", colon < 0 ? spec : spec.substring(colon + 1)));
        }
        return out;
    }
}
