package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSvmRuntimeTest {
    @Test
    void aJavaCommandIsSizedToTheMemoryLimitUnlessItSizesItself() {
        assertThat(ProcessSvmRuntime.withJavaMemory(List.of("java", "-jar", "svm.jar"), 512))
                .containsExactly("java", "-XX:MaxRAM=512m", "-jar", "svm.jar");
        assertThat(ProcessSvmRuntime.withJavaMemory(List.of("/usr/lib/jvm/bin/java", "-cp", "x", "Main"), 64))
                .containsExactly("/usr/lib/jvm/bin/java", "-XX:MaxRAM=64m", "-cp", "x", "Main");
        assertThat(ProcessSvmRuntime.withJavaMemory(List.of("java", "-Xmx300m", "-jar", "svm.jar"), 512))
                .containsExactly("java", "-Xmx300m", "-jar", "svm.jar");
        assertThat(ProcessSvmRuntime.withJavaMemory(List.of("sh", "-c", "java -jar x"), 512))
                .containsExactly("sh", "-c", "java -jar x");
    }
}
