package io.interpose.partners.sampleepp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.Severity;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.Subscription;
import io.interpose.sdk.Verdict;
import io.interpose.sdk.SvmEnvironment;
import io.interpose.sdk.testkit.FakeMux;
import io.interpose.sdk.testkit.GuestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample EPP, started as its main does, against a fake MUX: its subscriptions, verdicts, scans and health. */
class EppServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RUN_KEY = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    private static final byte[] EICAR_FILE = ("some text\n" + EppService.EICAR + "\n").getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;
    private FakeMux mux;
    private GuestIntrospectionClient client;

    @BeforeEach
    void start() throws Exception {
        mux = FakeMux.start("host-1");
        mux.protect("vm-basic", "BASIC", Map.of(ProtectionLevel.DENY_PATTERN, "/tmp/*.exe, /opt/banned/**"));
        mux.protect("vm-max", "COMPREHENSIVE", Map.of());
        SvmEnvironment environment = SvmEnvironment.read(mux.writeEnvironment(dir.resolve("ovf-env.xml"), Map.of("scan_mode", "normal")), Map.of());
        client = SampleEpp.connect(environment).orElseThrow();
        mux.awaitSubscribed(WAIT);
    }

    @AfterEach
    void stop() {
        Optional.ofNullable(client).ifPresent(GuestIntrospectionClient::close);
        mux.close();
    }

    @Test
    void itDecidesOpensExecsAndRegistryValueSetsAndIsNotifiedOfWritesAndProcessStarts() {
        assertThat(mux.subscriptions()).containsExactlyInAnyOrder(Subscription.decide(EventType.FILE_OPEN),
                Subscription.decide(EventType.FILE_EXEC), Subscription.notify(EventType.FILE_CLOSE_WRITE),
                Subscription.notify(EventType.PROCESS_START), Subscription.decide(EventType.REGISTRY_SET_VALUE));
        await().until(() -> mux.health().isPresent());
        assertThat(mux.health().orElseThrow().getState()).isEqualTo(HealthState.HEALTHY);
        assertThat(mux.hellos().get(0).getSolutionVersion()).isNotEmpty();
    }

    @Test
    void pathsMatchingTheProfilesDenyPatternAreDenied() {
        assertThat(mux.verdict(GuestEvents.fileExec("vm-basic", "/tmp/dropper.exe"), WAIT).denies()).isTrue();
        assertThat(mux.verdict(GuestEvents.fileOpen("vm-basic", "/opt/banned/lib/x.so"), WAIT).denies()).isTrue();
        assertThat(mux.verdict(GuestEvents.fileOpen("vm-basic", "/tmp/notes.txt"), WAIT).denies()).isFalse();
        assertThat(mux.verdict(GuestEvents.fileExec("vm-max", "/tmp/dropper.exe"), WAIT).denies())
                .as("another profile, without the pattern").isFalse();
    }

    @Test
    void anEicarFileWrittenInABasicVmIsReportedAndDeniedFromThenOn() {
        mux.guests().file("vm-basic", "/home/u/eicar.com", EICAR_FILE);
        assertThat(mux.verdict(GuestEvents.fileOpen("vm-basic", "/home/u/eicar.com"), WAIT).denies()).isFalse();

        mux.notify(GuestEvents.fileCloseWrite("vm-basic", "/home/u/eicar.com"));

        await().until(() -> mux.detections().size() == 1);
        var detection = mux.detections().get(0);
        assertThat(detection.getVmId()).isEqualTo("vm-basic");
        assertThat(detection.getThreatName()).isEqualTo(EppService.THREAT);
        assertThat(detection.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(detection.getActionTaken()).isEqualTo("denied");
        await().until(() -> mux.guests().deniedPaths("vm-basic").contains("/home/u/eicar.com"));
        assertThat(mux.remediations()).extracting(Remediation::getActionCase).containsExactly(Remediation.ActionCase.DENY_ACCESS);
        assertThat(mux.verdict(GuestEvents.fileOpen("vm-basic", "/home/u/eicar.com"), WAIT).reason()).contains("infected");
    }

    @Test
    void atTheHighestLevelAnEicarFileIsAlsoQuarantined() {
        mux.guests().file("vm-max", "/srv/upload/eicar.txt", EICAR_FILE);

        mux.notify(GuestEvents.fileCloseWrite("vm-max", "/srv/upload/eicar.txt"));

        await().until(() -> mux.guests().quarantined("vm-max").contains("/srv/upload/eicar.txt"));
        assertThat(mux.remediations()).extracting(Remediation::getActionCase)
                .containsExactly(Remediation.ActionCase.DENY_ACCESS, Remediation.ActionCase.QUARANTINE_FILE);
        await().until(() -> mux.detections().size() == 1);
        assertThat(mux.detections().get(0).getActionTaken()).isEqualTo("quarantined");
    }

    @Test
    void aCleanFileIsScannedAndLeftAlone() {
        mux.guests().file("vm-basic", "/home/u/clean.txt", "nothing to see".getBytes(StandardCharsets.UTF_8));

        mux.notify(GuestEvents.fileCloseWrite("vm-basic", "/home/u/clean.txt"));
        mux.notify(GuestEvents.processStart("vm-basic", 77, "/usr/bin/vi"));

        await().until(() -> mux.queries().size() == 1);
        assertThat(mux.queries().get(0).getFileRead().getLength()).isEqualTo(EppService.SCAN_BYTES);
        assertThat(mux.verdict(GuestEvents.fileOpen("vm-basic", "/home/u/clean.txt"), WAIT).denies()).isFalse();
        assertThat(mux.detections()).isEmpty();
        assertThat(mux.remediations()).isEmpty();
    }

    @Test
    void anAutorunValuePointingIntoDownloadsIsDeniedAndReported() {
        Verdict verdict = mux.verdict(GuestEvents.registrySetValue("vm-basic", RUN_KEY, "Updater",
                "C:\\Users\\alice\\Downloads\\dropper.exe"), WAIT);

        assertThat(verdict.denies()).isTrue();
        assertThat(verdict.reason()).contains("autorun");
        await().until(() -> mux.detections().size() == 1);
        var detection = mux.detections().get(0);
        assertThat(detection.getVmId()).isEqualTo("vm-basic");
        assertThat(detection.getThreatName()).isEqualTo(AutorunRule.THREAT);
        assertThat(detection.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(detection.getFilePath()).isEqualTo("C:\\Users\\alice\\Downloads\\dropper.exe");
        assertThat(detection.getPid()).isEqualTo(4242);
        assertThat(detection.getActionTaken()).isEqualTo("denied");
        assertThat(detection.getRegistryKey()).isEqualTo(RUN_KEY + "\\Updater");
        assertThat(mux.verdict(GuestEvents.registrySetValue("vm-max", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
                "Setup", "%TEMP%\\setup.exe"), WAIT).denies()).as("RunOnce, HKCU, Temp, the highest level").isTrue();
    }

    @Test
    void ordinaryRegistryValuesAndAutorunsOfInstalledProgramsAreAllowed() {
        assertThat(mux.verdict(GuestEvents.registrySetValue("vm-basic", "HKCU\\Software\\Contoso\\ERP\\Settings", "LastFile",
                "C:\\Users\\alice\\Downloads\\report.pdf"), WAIT).denies()).as("not a Run key").isFalse();
        assertThat(mux.verdict(GuestEvents.registrySetValue("vm-basic", RUN_KEY, "ERP", "C:\\Program Files\\Contoso\\ERP\\erp.exe"), WAIT)
                .denies()).as("an installed program").isFalse();
        assertThat(mux.verdict(GuestEvents.registrySetValue("vm-basic", RUN_KEY + "Services", "X", "C:\\Users\\alice\\Downloads\\x.exe"), WAIT)
                .denies()).as("RunServices is not Run").isFalse();
        assertThat(mux.detections()).isEmpty();
    }
}
