package io.interpose.guest.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test, so that the agent's file-system marks cover it and nothing else on
 * the machine. Needs root, as the agent does.
 */
final class Tmpfs implements AutoCloseable {

    private final Path root;

    private Tmpfs(Path root) {
        this.root = root;
    }

    static Tmpfs mount() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("interpose-tmpfs-");
        run("mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "interpose-test", root.toString());
        return new Tmpfs(root);
    }

    Path root() {
        return root;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", root.toString());
        Files.deleteIfExists(root);
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }
}
