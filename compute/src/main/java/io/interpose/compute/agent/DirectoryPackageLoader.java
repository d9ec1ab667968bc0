package io.interpose.compute.agent;

import io.interpose.compute.agent.PackageException.Kind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads packages that are directories on this machine ({@code /path} or {@code file:/path}). The
 * directory must exist and be readable ({@link Kind#UNREACHABLE} otherwise); the source must name a
 * command, and a first token with a {@code /} is resolved against the directory and must be an
 * executable file there ({@link Kind#INVALID} otherwise). Other first tokens are looked up on the PATH
 * when the service VM starts.
 */
public final class DirectoryPackageLoader implements PackageLoader {

    @Override
    public SvmPackage load(PackageSource source) {
        Path directory = directory(source.url());
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            throw new PackageException(Kind.UNREACHABLE, source.url(),
                    "cannot access package " + source.url() + ": no readable directory at " + directory);
        }
        if (source.command().isEmpty()) {
            throw new PackageException(Kind.INVALID, source.url(), "package " + source.url() + " declares no command to run");
        }
        List<String> command = new ArrayList<>(source.command());
        command.set(0, executable(source, directory, command.get(0)));
        return new SvmPackage(directory, command, source.memoryMib());
    }

    private static Path directory(String url) {
        try {
            return url.startsWith("file:") ? Path.of(URI.create(url)) : Path.of(url);
        } catch (IllegalArgumentException e) { // a malformed URI or path (InvalidPathException is one)
            throw new PackageException(Kind.UNREACHABLE, url, "cannot access package " + url + ": not a directory path or file: URL");
        }
    }

    private static String executable(PackageSource source, Path directory, String first) {
        if (!first.contains("/")) {
            return first;
        }
        Path file = directory.resolve(first).normalize();
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw new PackageException(Kind.INVALID, source.url(),
                    "package " + source.url() + " has no executable file " + first + " for its command");
        }
        return file.toString();
    }
}
