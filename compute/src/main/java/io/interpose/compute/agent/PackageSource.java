package io.interpose.compute.agent;

import io.interpose.model.Violations;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an agent's package is and how the lab runs it: plain data, stored with its agency. A
 * {@link PackageLoader} turns it into a runnable {@link SvmPackage} (for now a directory; later an OVF
 * package, whose own declarations may supply the command and memory).
 *
 * @param url the package: a directory path or a {@code file:} URL for the {@link DirectoryPackageLoader}
 * @param command the command tokens, run in the package directory; empty if the package declares it
 * @param memoryMib the memory limit of each service VM, in MiB
 */
public record PackageSource(String url, List<String> command, int memoryMib) {
    public static final int MAX_MEMORY_MIB = 1 << 20;

    public PackageSource {
        command = command == null ? List.of() : command;
        var v = new Violations().required(url, "url")
                .check(memoryMib > 0 && memoryMib <= MAX_MEMORY_MIB, "memory_mib", "must be between 1 and " + MAX_MEMORY_MIB);
        for (int i = 0; i < command.size(); i++) {
            v.check(command.get(i) != null && !command.get(i).isEmpty(), "command[" + i + "]", "must not be empty");
        }
        v.throwIfAny("package source");
        command = List.copyOf(command);
    }

    /** A package that is a directory on this machine, run with {@code command}. */
    public static PackageSource directory(Path directory, int memoryMib, String... command) {
        return new PackageSource(directory.toAbsolutePath().toString(), List.of(command), memoryMib);
    }
}
