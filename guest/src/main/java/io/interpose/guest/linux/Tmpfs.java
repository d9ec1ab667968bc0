package io.interpose.guest.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test or a benchmark, so that the agent's file-system marks cover it and
 * nothing else on the machine. Needs root (and {@code mount}), as the agent does. {@link #close()}
 * unmounts it lazily and removes the mount point.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path root;

    private Tmpfs(Path root) {
        this.root = root;
    }

    public static Tmpfs mount() throws IOException {
        Path root = Files.createTempDirectory("interpose-tmpfs-");
        run("mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "interpose-test", root.toString());
        return new Tmpfs(root);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        run("umount", "-l", root.toString());
        Files.deleteIfExists(root);
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done;
        try {
            done = process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted", e);
        }
        if (!done || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }
}
