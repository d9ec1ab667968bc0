package io.interpose.guest.linux;

import io.interpose.protocol.gi.FileContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
            return Optional.of(new OpenedFile(path, deleted, context(path, link)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static FileContext context(Path path, Path link) {
        FileContext.Builder file = FileContext.newBuilder().setPath(path.toString());
        try {
            Map<String, Object> unix = Files.readAttributes(link, "unix:size,ino,dev,mode,uid,lastModifiedTime,ctime,lastAccessTime");
            file.setSize((Long) unix.get("size")).setInode((Long) unix.get("ino")).setDevice((Long) unix.get("dev"))
                    .setMode((Integer) unix.get("mode")).setOwnerUid((Integer) unix.get("uid"))
                    .setModifyTimeUnixNanos(nanos(unix.get("lastModifiedTime"))).setChangeTimeUnixNanos(nanos(unix.get("ctime")))
                    .setAccessTimeUnixNanos(nanos(unix.get("lastAccessTime")));
        } catch (IOException | RuntimeException e) {
            // the path alone then
        }
        return file.build();
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
