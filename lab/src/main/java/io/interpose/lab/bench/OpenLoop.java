package io.interpose.lab.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The program whose opens the thin-agent benchmark measures, run as a child process (the agent never
 * holds its own process's opens): opens and closes {@code files} files in turn, {@code warmup} times
 * untimed, then {@code opens} times timed, and prints the nanoseconds per open.
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int files = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int opens = Integer.parseInt(args[3]);
        Path[] paths = new Path[files];
        for (int i = 0; i < files; i++) {
            paths[i] = directory.resolve(GuestBench.fileName(i));
        }
        loop(paths, warmup);
        long start = System.nanoTime();
        loop(paths, opens);
        System.out.println((System.nanoTime() - start) / opens);
    }

    private static void loop(Path[] paths, int opens) throws IOException {
        for (int i = 0; i < opens; i++) {
            FileChannel.open(paths[i % paths.length], StandardOpenOption.READ).close();
        }
    }
}
