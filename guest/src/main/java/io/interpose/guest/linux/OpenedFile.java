package io.interpose.guest.linux;

import io.interpose.guest.linux.respond.FileContexts;
import io.interpose.protocol.gi.FileContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the descriptor of a fanotify event says about its file: the path (from {@code /proc/self/fd}) and
 * the file's metadata (a stat through that link: no open, so no event). Nothing here opens a file.
 */
record OpenedFile(Path path, boolean deleted, FileContext context) {

    private static final String DELETED = " (deleted)";

    /** Empty when the descriptor cannot be resolved (it always can while we hold it open). */
    static Optional<OpenedFile> of(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            boolean deleted = target.endsWith(DELETED);
            Path path = Path.of(deleted ? target.substring(0, target.length() - DELETED.length()) : target);
            return Optional.of(new OpenedFile(path, deleted, stat(path, link)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's metadata, or its path alone when it is gone already. */
    private static FileContext stat(Path path, Path statted, LinkOption... options) {
        try {
            return FileContexts.of(path, statted, options);
        } catch (IOException | RuntimeException goneAlready) {
            return FileContext.newBuilder().setPath(path.toString()).build();
        }
    }
}
