package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.agent.PackageException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryPackageLoaderTest {
    @TempDir
    Path dir;

    private final DirectoryPackageLoader loader = new DirectoryPackageLoader();

    @Test
    void loadsADirectoryResolvingARelativeCommandAgainstIt() throws IOException {
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho READY\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        SvmPackage loaded = loader.load(new PackageSource(dir.toUri().toString(), List.of("./run.sh", "--fast"), 64));

        assertThat(loaded.directory()).isEqualTo(dir);
        assertThat(loaded.command()).containsExactly(script.toString(), "--fast");
        assertThat(loaded.memoryMib()).isEqualTo(64);
        assertThat(loader.load(PackageSource.directory(dir, 64, "sh", "-c", "true")).command()).containsExactly("sh", "-c", "true");
    }

    @Test
    void aMissingDirectoryIsUnreachable() {
        var source = PackageSource.directory(dir.resolve("gone"), 64, "sh");

        assertThatThrownBy(() -> loader.load(source)).isInstanceOfSatisfying(PackageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.issueType()).isEqualTo(IssueType.CANNOT_ACCESS_AGENT_OVF);
            assertThat(e.url()).isEqualTo(source.url());
        }).hasMessageContaining("gone");
    }

    @Test
    void aPackageWithoutItsCommandIsInvalid() throws IOException {
        Files.writeString(dir.resolve("not-executable.sh"), "echo\n");

        assertThatThrownBy(() -> loader.load(PackageSource.directory(dir, 64)))
                .isInstanceOfSatisfying(PackageException.class, e -> assertThat(e.issueType()).isEqualTo(IssueType.OVF_INVALID_FORMAT))
                .hasMessageContaining("declares no command");
        assertThatThrownBy(() -> loader.load(PackageSource.directory(dir, 64, "./missing")))
                .isInstanceOfSatisfying(PackageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("./missing");
        assertThatThrownBy(() -> loader.load(PackageSource.directory(dir, 64, "./not-executable.sh")))
                .isInstanceOfSatisfying(PackageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void aPackageSourceNeedsAUrlAndAPositiveMemoryLimit() {
        assertThatThrownBy(() -> new PackageSource(" ", List.of("x", ""), 0))
                .hasMessageContaining("url").hasMessageContaining("memory_mib").hasMessageContaining("command[1]");
    }
}
