package io.interpose.guest.linux.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads of files under {@code /proc} that never throw: a process can end between any two reads (its files
 * then vanish, or read as empty, or fail with {@code ESRCH}), and a file may be closed to us. Every failure
 * is an empty answer. Text is decoded as UTF-8, malformed bytes replaced: a command name or a path is any
 * bytes.
 */
final class ProcFiles {

    private ProcFiles() {
    }

    static Optional<String> text(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** At most {@code max} bytes from the start of the file. */
    static Optional<byte[]> prefix(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(max));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The target of a symbolic link ({@code exe}, {@code cwd}, {@code fd/N}, {@code ns/net}). */
    static Optional<String> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The entries of a directory, as far as they could be listed; empty when it cannot be opened. */
    static List<Path> list(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            return entries;
        }
        return entries;
    }

    /** The numbers among the entries of {@code /proc}: the pids of the processes (not their other threads). */
    static List<Integer> pids(Path proc) {
        List<Integer> pids = new ArrayList<>();
        for (Path entry : list(proc)) {
            String name = entry.getFileName().toString();
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                pids.add(Integer.parseInt(name));
            }
        }
        pids.sort(null);
        return pids;
    }
}
