package io.interpose.host.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestCredentialsTest {

    @TempDir
    Path directory;

    @Test
    void aCredentialVerifiesForItsVmOnly() {
        GuestCredentials credentials = GuestCredentials.of(new byte[32]);
        String vm1 = credentials.issue("vm-1");

        assertThat(vm1).matches("[A-Za-z0-9_-]{43}");
        assertThat(credentials.verify("vm-1", vm1)).isTrue();
        assertThat(credentials.verify("vm-2", vm1)).isFalse();
        assertThat(credentials.verify("vm-1", vm1 + "x")).isFalse();
        assertThat(credentials.verify("vm-1", null)).isFalse();
        assertThat(GuestCredentials.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}).verify("vm-1", vm1)).isFalse();
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndReusedAfterwards() throws IOException {
        Path keyFile = directory.resolve("guest.key");
        String first = GuestCredentials.loadOrCreate(keyFile).issue("vm-1");

        assertThat(Files.size(keyFile)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(GuestCredentials.loadOrCreate(keyFile).issue("vm-1")).isEqualTo(first);
        assertThat(GuestCredentials.loadOrCreate(directory.resolve("other.key")).issue("vm-1")).isNotEqualTo(first);
    }
}
