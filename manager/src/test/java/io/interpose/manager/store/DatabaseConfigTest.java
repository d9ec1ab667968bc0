package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void theEmbeddedDefaultIsAnH2FileInTheDataDirectory() {
        DatabaseConfig config = DatabaseConfig.embeddedH2(Path.of("lab-data"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:file:" + Path.of("lab-data").toAbsolutePath() + "/interpose");
        assertThat(config.dialect()).isEqualTo(Dialect.H2);
        assertThat(config.poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void postgresqlUrlsAreAccepted() {
        assertThat(new DatabaseConfig("jdbc:postgresql://db:5432/interpose", "u", "p", 20).dialect())
                .isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void otherDatabasesAndInMemoryH2AreRefusedWithTheSupportedForms() {
        for (String url : new String[] {"jdbc:mysql://db/interpose?password=secret", "jdbc:h2:mem:x", "jdbc:h2:file:"}) {
            assertThatThrownBy(() -> new DatabaseConfig(url, "u", "p"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("use jdbc:h2:file:<path> (embedded) or jdbc:postgresql://")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void aPoolSizeOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:postgresql://db/x", "u", "p", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool size");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:postgresql://db/x", "u", "p", 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool size");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertThat(new DatabaseConfig("jdbc:postgresql://db/x", "u", "hunter2").toString()).doesNotContain("hunter2");
    }
}
