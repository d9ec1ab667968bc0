package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedH2Test {

    @Test
    void theStoreAddsItsLockingAndShutdownSettingsAndKeepsTheOthers() {
        String url = EmbeddedH2.durableUrl("jdbc:h2:file:/data/interpose;CACHE_SIZE=8192");

        assertThat(url).startsWith("jdbc:h2:file:/data/interpose;CACHE_SIZE=8192;")
                .contains(";FILE_LOCK=FS").contains(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void aUrlThatWouldLetTwoProcessesShareTheFileIsRefused() {
        assertThatThrownBy(() -> EmbeddedH2.durableUrl("jdbc:h2:file:/data/interpose;file_lock=NO"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FILE_LOCK=FS");
    }

    @Test
    void theFileIsTheAbsolutePathBeforeTheSettings() {
        assertThat(EmbeddedH2.file("jdbc:h2:file:./data/../data/interpose;FILE_LOCK=FS"))
                .isEqualTo(Path.of("data/interpose").toAbsolutePath());
        assertThat(EmbeddedH2.file("jdbc:h2:file:~/interpose"))
                .isEqualTo(Path.of(System.getProperty("user.home"), "interpose"));
    }
}
