package io.interpose.guest.linux.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.interpose.guest.linux.proc.ProcFs;
import io.interpose.guest.linux.proc.UserNames;
import io.interpose.protocol.gi.DeleteFile;
import io.interpose.protocol.gi.DenyAccess;
import io.interpose.protocol.gi.KillProcess;
import io.interpose.protocol.gi.QuarantineFile;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxResponder}'s remediation, on real files and processes. */
@EnabledOnOs(OS.LINUX)
class LinuxResponderRemediationTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private final AccessDenials denials = new AccessDenials(clock);
    private final ProcFs procFs = ProcFs.live(UserNames.of(Map.of()));
    private Process child;

    @AfterEach
    void endChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void quarantineMovesTheFileOutOfReachAndRecordsWhereItCameFrom() throws Exception {
        byte[] content = LinuxResponderQueryTest.randomBytes(100_000);
        Path file = Files.write(Files.createDirectories(dir.resolve("home/alice")).resolve("evil \"x\".bin"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        RemediationResult result = quarantine(responder, file);

        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(file).doesNotExist();
        Path stored = single(responder.quarantineDir(), Quarantine.STORED);
        assertThat(result.getStatus().getMessage()).contains(stored.toString());
        assertThat(Files.getPosixFilePermissions(stored)).as("mode 000").isEmpty();
        assertThat(Files.getPosixFilePermissions(responder.quarantineDir()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat((Long) Files.getAttribute(stored, "unix:ino")).as("renamed, not copied").isEqualTo(inode);
        assertThat(denials.denied(stored)).as("opens of it are denied from now on").isTrue();
        assertThat(Files.readAllBytes(stored)).isEqualTo(content);
        assertThat(Files.readString(single(responder.quarantineDir(), Quarantine.RECORD))).isEqualTo(
                "{\"original_path\":\"" + file.toString().replace("\"", "\\\"") + "\",\"size\":100000"
                        + ",\"sha256\":\"" + sha256(content) + "\",\"quarantined_at\":\"2026-03-04T05:06:07Z\""
                        + ",\"mode\":\"0750\",\"owner_uid\":" + Files.getAttribute(stored, "unix:uid")
                        + ",\"owner_gid\":" + Files.getAttribute(stored, "unix:gid")
                        + ",\"stored_as\":\"" + stored.getFileName() + "\"}\n");
    }

    @Test
    void quarantineCopiesAFileFromAnotherFileSystemAndDeletesTheOriginal() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeThat(Files.isDirectory(shm) && !Files.getFileStore(shm)
                .equals(Files.getFileStore(dir))).as("/dev/shm is another file system").isTrue();
        Path quarantineDir = Files.createTempDirectory(shm, "quarantine-test-").resolve("q");
        try {
            Path file = Files.writeString(dir.resolve("eicar.com"), "X5O!P%@AP");
            LinuxResponder responder = responder(quarantineDir);

            assertThat(quarantine(responder, file).getStatus().getCode()).isEqualTo(ResultCode.OK);

            assertThat(file).doesNotExist();
            assertThat(Files.readString(single(quarantineDir, Quarantine.STORED))).isEqualTo("X5O!P%@AP");
            assertThat(Files.readString(single(quarantineDir, Quarantine.RECORD))).contains("\"size\":9");
            try (Stream<Path> files = Files.list(quarantineDir)) {
                assertThat(files).as("no partial copy left").hasSize(2);
            }
        } finally {
            deleteTree(quarantineDir.getParent());
        }
    }

    @Test
    void onlyRegularFilesAreQuarantinedOrDeleted() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        assertThat(quarantine(responder, link).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(quarantine(responder, dir).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(quarantine(responder, dir.resolve("missing")).getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(delete(responder, link).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(delete(responder, dir).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(delete(responder, Path.of("relative")).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(Files.readString(target)).isEqualTo("keep");
        assertThat(link).isSymbolicLink();
    }

    @Test
    void deleteRemovesTheFileAndAMissingOneIsNotFound() throws Exception {
        Path file = Files.writeString(dir.resolve("malware"), "bad");
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        assertThat(delete(responder, file).getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(file).doesNotExist();
        assertThat(delete(responder, file).getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
    }

    @Test
    void killEndsTheProcessThatStartedThenAndSparesAReusedPid() throws Exception {
        child = new ProcessBuilder("sleep", "30").start();
        int pid = (int) child.pid();
        long started = procFs.startTime(pid).orElseThrow();
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        RemediationResult mismatch = kill(responder, pid, started + 10_000_000);
        assertThat(mismatch.getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(child.isAlive()).as("another start time: not killed").isTrue();

        assertThat(kill(responder, pid, started).getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("SIGKILL").isEqualTo(128 + 9);
        assertThat(kill(responder, pid, 0).getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
    }

    @Test
    void killWithoutAStartTimeKillsAndInitAndTheAgentAreNeverKilled() throws Exception {
        child = new ProcessBuilder("sleep", "30").start();
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        assertThat(kill(responder, 1, 0).getStatus().getCode()).isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(kill(responder, (int) ProcessHandle.current().pid(), 0).getStatus().getCode())
                .isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(kill(responder, 0, 0).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(kill(responder, (int) child.pid(), 0).getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void denyAccessDeniesThePathLocallyForTheDurationOrUntilRestart() {
        LinuxResponder responder = responder(dir.resolve("quarantine"));

        assertThat(deny(responder, "/home/alice/x", 1_000).getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(deny(responder, "/home/alice/y", 0).getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(deny(responder, "alice/z", 0).getStatus().getCode()).isEqualTo(ResultCode.INVALID);

        assertThat(denials.denied(Path.of("/home/alice/x"))).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(denials.denied(Path.of("/home/alice/x"))).isFalse();
        clock.advance(Duration.ofDays(365));
        assertThat(denials.denied(Path.of("/home/alice/y"))).isTrue();
    }

    @Test
    void anUnknownActionIsUnsupported() {
        RemediationResult result = responder(dir.resolve("quarantine")).remediate(Remediation.getDefaultInstance());

        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.UNSUPPORTED);
    }

    private LinuxResponder responder(Path quarantineDir) {
        return new LinuxResponder(procFs, denials, quarantineDir, clock);
    }

    private static RemediationResult quarantine(LinuxResponder responder, Path file) {
        return responder.remediate(Remediation.newBuilder()
                .setQuarantineFile(QuarantineFile.newBuilder().setPath(file.toString())).build());
    }

    private static RemediationResult delete(LinuxResponder responder, Path file) {
        return responder.remediate(Remediation.newBuilder()
                .setDeleteFile(DeleteFile.newBuilder().setPath(file.toString())).build());
    }

    private static RemediationResult kill(LinuxResponder responder, int pid, long startTime) {
        return responder.remediate(Remediation.newBuilder()
                .setKillProcess(KillProcess.newBuilder().setPid(pid).setStartTimeUnixNanos(startTime)).build());
    }

    private static RemediationResult deny(LinuxResponder responder, String path, int durationMs) {
        return responder.remediate(Remediation.newBuilder()
                .setDenyAccess(DenyAccess.newBuilder().setPath(path).setDurationMs(durationMs)).build());
    }

    private static Path single(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> matching = files.filter(file -> file.toString().endsWith(suffix)).toList();
            assertThat(matching).hasSize(1);
            return matching.get(0);
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
