package io.interpose.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void writesReplaceTheContentAndSurviveReopening() throws IOException {
        try (StateDirectory state = StateDirectory.open(dir, "state.json", "state.lock")) {
            assertThat(state.read()).isEmpty();
            state.write(out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
            state.write(out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        }
        try (StateDirectory state = StateDirectory.open(dir, "state.json", "state.lock")) {
            assertThat(new String(state.read().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void aSecondOwnerIsRefusedUntilTheFirstLetsGo() throws IOException {
        try (StateDirectory first = StateDirectory.open(dir, "state.json", "state.lock")) {
            assertThatThrownBy(() -> StateDirectory.open(dir, "state.json", "state.lock"))
                    .isInstanceOf(StateDirectory.InUseException.class);
        }
        StateDirectory.open(dir, "state.json", "state.lock").close();
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTempFile() throws IOException {
        try (StateDirectory state = StateDirectory.open(dir, "state.json", "state.lock")) {
            state.write(out -> out.write("good".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> state.write(out -> {
                out.write("half".getBytes(StandardCharsets.UTF_8));
                throw new IOException("disk full");
            })).hasMessage("disk full");
            assertThat(new String(state.read().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("good");
        }
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void aTempFileLeftByACrashIsRemovedOnOpen() throws IOException {
        Files.writeString(dir.resolve("state.json.tmp"), "interrupted");
        StateDirectory.open(dir, "state.json", "state.lock").close();
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }
}
