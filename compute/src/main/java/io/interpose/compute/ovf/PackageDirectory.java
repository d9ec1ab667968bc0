package io.interpose.compute.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The work directory a package is written into. Every name is checked to stay inside it (no absolute
 * paths, no {@code ..}, no empty or {@code .} segments, no backslashes or NUL), nothing is overwritten,
 * and sizes are enforced per file and for the whole package as bytes arrive, so an oversized package
 * is refused before it fills the disk.
 */
final class PackageDirectory {
    private final Path root;
    private final OvfLimits limits;
    private final Set<String> written = new HashSet<>();
    private long total;

    private PackageDirectory(Path root, OvfLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Opens {@code directory}, creating it; refuses one that already has entries. */
    static PackageDirectory open(Path directory, OvfLimits limits) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the package work directory " + root + " is not empty");
            }
        }
        return new PackageDirectory(root, limits);
    }

    Path root() {
        return root;
    }

    boolean contains(String name) {
        return written.contains(name);
    }

    /**
     * Writes {@code in} to {@code name}, reading at most {@code maxBytes} (and what the package budget
     * allows); returns the file.
     *
     * @throws OvfException INVALID_FORMAT for an unsafe or repeated name, or a size limit passed
     */
    Path write(String name, InputStream in, long maxBytes, String what) throws IOException {
        Path target = resolve(name, what);
        if (!written.add(name)) {
            throw OvfException.invalid(what + " '" + name + "' appears twice in the package");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            copy(in, out, maxBytes, name, what);
        }
        return target;
    }

    /** {@code name} resolved inside the directory. @throws OvfException INVALID_FORMAT if it would escape */
    Path resolve(String name, String what) {
        if (!isSafe(name)) {
            throw OvfException.invalid(what + " '" + name + "' is not a plain relative path inside the package"
                    + " (absolute paths, '..', '.', empty segments, backslashes and NUL are refused)");
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw OvfException.invalid(what + " '" + name + "' escapes the package directory");
        }
        return target;
    }

    /** Deletes everything written so far (after a refused package). */
    void deleteAll() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(root)).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: the caller is already reporting why the package was refused.
        }
    }

    private void copy(InputStream in, OutputStream out, long maxBytes, String name, String what) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            size += n;
            total += n;
            if (size > maxBytes) {
                throw OvfException.invalid(what + " '" + name + "' is larger than the limit of " + maxBytes + " bytes");
            }
            if (total > limits.maxPackageBytes()) {
                throw OvfException.invalid("the package is larger than the limit of " + limits.maxPackageBytes() + " bytes");
            }
            out.write(buffer, 0, n);
        }
    }

    static boolean isSafe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.contains(":")) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
