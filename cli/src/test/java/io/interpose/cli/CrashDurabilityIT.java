package io.interpose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: "a 2xx means durable". The manager runs as a real process on its embedded store; every
 * write that was acknowledged survives a kill -9 right after the acknowledgement.
 */
class CrashDurabilityIT {
    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillMinusNine() throws Exception {
        Path data = dir.resolve("data");
        int port = ManagerProcess.freePort();
        List<String> acknowledged = new ArrayList<>();
        try (ManagerProcess manager = ManagerProcess.start(data, port, "manager")) {
            ApiClient admin = manager.admin();
            for (int i = 0; i < 20; i++) {
                ApiResponse r = admin.put("/policy/api/v1/infra/domains/default/groups/g" + i, Map.of("display_name", "group " + i,
                        "expression", List.of(Map.of("resource_type", "Condition", "member_type", "VirtualMachine",
                                "key", "Name", "operator", "STARTSWITH", "value", "web"))));
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                acknowledged.add("g" + i);
            }
            manager.kill();
        }
        try (ManagerProcess restarted = ManagerProcess.start(data, port, "manager")) {
            ApiClient admin = restarted.admin();
            for (String id : acknowledged) {
                ApiResponse r = admin.get("/policy/api/v1/infra/domains/default/groups/" + id);
                assertThat(r.status()).as("group %s after kill -9: %s", id, r).isEqualTo(200);
            }
            assertThat(restarted.stop()).as("a clean stop exits normally").isIn(0, 143);
        }
    }
}
