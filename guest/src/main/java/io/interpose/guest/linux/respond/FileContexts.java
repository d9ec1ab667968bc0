package io.interpose.guest.linux.respond;

import io.interpose.protocol.gi.FileContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A file's {@link FileContext} from {@code stat(2)}, through the JDK's {@code unix:*} attribute view. */
public final class FileContexts {

    private FileContexts() {
    }

    /**
     * Stats {@code path}, following symbolic links; the context names the file by {@code path}. Any type of
     * file (a directory too). Times are nanoseconds since the epoch.
     *
     * @throws IOException as {@link Files#readAttributes(Path, String, java.nio.file.LinkOption...)} does
     *                     ({@link java.nio.file.NoSuchFileException} when it does not exist)
     * @throws UnsupportedOperationException where the file system has no {@code unix} view (not Linux)
     */
    public static FileContext of(Path path) throws IOException {
        return of(path, path);
    }

    /**
     * Stats {@code statted} and names the file {@code path}: for a file known by another name, such as an open
     * descriptor's {@code /proc/self/fd/N} link (stat follows it to the file without opening it). Pass
     * {@link LinkOption#NOFOLLOW_LINKS} to describe a symbolic link itself.
     */
    public static FileContext of(Path path, Path statted, LinkOption... options) throws IOException {
        Map<String, Object> stat = Files.readAttributes(statted, "unix:*", options);
        return FileContext.newBuilder()
                .setPath(path.toString())
                .setSize((Long) stat.get("size"))
                .setInode((Long) stat.get("ino"))
                .setDevice((Long) stat.get("dev"))
                .setMode((Integer) stat.get("mode"))
                .setOwnerUid((Integer) stat.get("uid"))
                .setModifyTimeUnixNanos(nanos(stat.get("lastModifiedTime")))
                .setChangeTimeUnixNanos(nanos(stat.get("ctime")))
                .setAccessTimeUnixNanos(nanos(stat.get("lastAccessTime")))
                .build();
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
