package io.interpose.compute.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A package ready to run: the directory its command runs in, the command (first token resolved), and
 * the memory limit in MiB.
 */
public record SvmPackage(Path directory, List<String> command, int memoryMib) {
    /**
     * Stands, in a command token, for the absolute path of the SVM's own {@code ovf-env.xml}; the
     * runtime replaces it when it starts the SVM (a package is shared by all SVMs of an agency).
     */
    public static final String ENVIRONMENT_FILE = "/@interpose-ovf-env@";

    public SvmPackage {
        Objects.requireNonNull(directory, "directory");
        command = List.copyOf(command);
        if (command.isEmpty() || memoryMib <= 0) {
            throw new IllegalArgumentException("a package needs a command and a positive memory limit");
        }
    }
}
