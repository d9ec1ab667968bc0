package io.interpose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to {@code interpose guest} gets a clear error before anything starts. */
class GuestCommandTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionFileThatIsNotJsonIsNamedInTheError() throws IOException {
        Path file = ownerOnly(Files.writeString(dir.resolve("vm.json"), "{\"vm_id\": \"vm-1\", "));

        assertThat(run("guest", "--connection", file.toString())).contains(file.toString()).contains("is not valid JSON");
    }

    @Test
    void aConnectionFileWithoutItsCredentialSaysWhatIsMissing() throws IOException {
        Path file = ownerOnly(Files.writeString(dir.resolve("vm.json"), "{\"vm_id\": \"vm-1\", \"socket\": \"/run/gi.sock\"}"));

        assertThat(run("guest", "--connection", file.toString())).contains("has no \"credential\"");
    }

    @Test
    void aCredentialOthersCanReadIsRefused() throws IOException {
        Path credential = Files.writeString(dir.resolve("credential"), "secret");
        Files.setPosixFilePermissions(credential, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(run("guest", "--vm-id", "vm-1", "--socket", "/run/gi.sock", "--credential-file", credential.toString()))
                .contains("accessible to others").contains("chmod 600");
    }

    @Test
    void aWatchedPathThatDoesNotExistIsNamed() throws IOException {
        Path file = ownerOnly(Files.writeString(dir.resolve("vm.json"),
                "{\"vm_id\": \"vm-1\", \"socket\": \"/run/gi.sock\", \"credential\": \"c\"}"));

        assertThat(run("guest", "--connection", file.toString(), "--watch", dir.resolve("nowhere").toString()))
                .contains("--watch").contains("no such directory");
    }

    @Test
    void aLabVmWithoutALabSaysHowToStartOne() {
        assertThat(run("guest", "--lab-vm", "build-01", "--data", dir.resolve("no-lab").toString()))
                .contains("no lab at").contains("./interpose lab");
    }

    @Test
    void aConnectionAndExplicitSettingsTogetherAreRefused() {
        assertThat(run("guest", "--connection", "a.json", "--vm-id", "vm-1", "--socket", "s", "--credential-file", "c"))
                .contains("mutually exclusive");
    }

    private static Path ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String run(String... args) {
        CommandLine cli = Interpose.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code).isNotZero();
        return err.toString();
    }
}
