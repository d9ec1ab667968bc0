package io.interpose.compute.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A package ready to run: the directory its command runs in, the command (first token resolved), and
 * the memory limit in MiB.
 */
public record SvmPackage(Path directory, List<String> command, int memoryMib) {
    public SvmPackage {
        Objects.requireNonNull(directory, "directory");
        command = List.copyOf(command);
        if (command.isEmpty() || memoryMib <= 0) {
            throw new IllegalArgumentException("a package needs a command and a positive memory limit");
        }
    }
}
