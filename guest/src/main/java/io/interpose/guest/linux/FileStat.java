package io.interpose.guest.linux;

import io.interpose.protocol.gi.FileContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A file's metadata as the protocol carries it, read with stat(2): nothing is opened, so no event is raised. */
final class FileStat {

    private static final String ATTRIBUTES = "unix:size,ino,dev,mode,uid,lastModifiedTime,ctime,lastAccessTime";

    private FileStat() {
    }

    /**
     * The metadata of the file at {@code statted}, reported under {@code path}; the path alone when the
     * file cannot be stat'ed (gone already).
     */
    static FileContext of(Path path, Path statted, LinkOption... options) {
        FileContext.Builder file = FileContext.newBuilder().setPath(path.toString());
        try {
            Map<String, Object> unix = Files.readAttributes(statted, ATTRIBUTES, options);
            file.setSize((Long) unix.get("size")).setInode((Long) unix.get("ino")).setDevice((Long) unix.get("dev"))
                    .setMode((Integer) unix.get("mode")).setOwnerUid((Integer) unix.get("uid"))
                    .setModifyTimeUnixNanos(nanos(unix.get("lastModifiedTime"))).setChangeTimeUnixNanos(nanos(unix.get("ctime")))
                    .setAccessTimeUnixNanos(nanos(unix.get("lastAccessTime")));
        } catch (IOException | RuntimeException goneAlready) {
            // the path alone
        }
        return file.build();
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
