package com.example.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.HealthState;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.testkit.FakeMux;
import io.interpose.sdk.testkit.GuestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partner of sdk/README.md, verbatim, works against a MUX. */
class ExamplePartnerTest {
    private static final Path SOURCE = Path.of("src/test/java/com/example/partner/ExamplePartner.java");

    @TempDir
    Path dir;

    @Test
    void theReadmeShowsThisVeryPartnerInUnderSixtyLines() throws Exception {
        String source = Files.readString(SOURCE);
        String readme = Files.readString(Path.of("../sdk/README.md"));

        assertThat(readme).contains(source);
        assertThat(source.lines().count()).isLessThan(60);
    }

    @Test
    void theExamplePartnerDecidesExecsAndReportsScripts() throws Exception {
        try (FakeMux mux = FakeMux.start("host-1")) {
            mux.protect("vm-1", "BASIC", Map.of());
            mux.guests().file("vm-1", "/home/a/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            try (GuestIntrospectionClient client = ExamplePartner.run(mux.writeEnvironment(dir.resolve("ovf-env.xml"), Map.of()))) {
                mux.awaitSubscribed(Duration.ofSeconds(10));

                assertThat(mux.verdict(GuestEvents.fileExec("vm-1", "/tmp/x"), Duration.ofSeconds(10)).denies()).isTrue();
                assertThat(mux.verdict(GuestEvents.fileExec("vm-1", "/bin/ls"), Duration.ofSeconds(10)).cacheTtl())
                        .isEqualTo(Duration.ofMinutes(5));
                mux.notify(GuestEvents.fileCloseWrite("vm-1", "/home/a/run.sh"));

                await().until(() -> mux.detections().size() == 1);
                assertThat(mux.detections().get(0).getFilePath()).isEqualTo("/home/a/run.sh");
                assertThat(mux.health().orElseThrow().getState()).isEqualTo(HealthState.HEALTHY);
            }
        }
    }
}
