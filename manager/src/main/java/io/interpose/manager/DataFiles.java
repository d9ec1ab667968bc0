package io.interpose.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The small files of a data directory (the admin password, TLS material, the SVM credential key,
 * {@code lab.json}). Writes are atomic (a temporary file, then a rename); a secret is created readable
 * only by its owner from the start, where the file system has POSIX permissions.
 */
public final class DataFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataFiles() {}

    public static void writeAtomically(Path target, byte[] content, boolean ownerOnly) {
        try {
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            FileAttribute<?>[] attributes = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"))}
                    : new FileAttribute<?>[0];
            Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes);
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void writeSecret(Path target, String content) {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The file's text, stripped; empty if there is no such file. */
    public static Optional<String> readString(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
