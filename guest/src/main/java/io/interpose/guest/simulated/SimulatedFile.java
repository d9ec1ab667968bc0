package io.interpose.guest.simulated;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.FileContext;
import java.time.Instant;
import java.util.Objects;

/** A file of a simulated guest: its content and the metadata a FileContext reports. */
record SimulatedFile(String path, ByteString content, long inode, int mode, int ownerUid, Instant modified,
                     Instant changed, Instant accessed) {

    SimulatedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }

    long size() {
        return content.size();
    }

    FileContext context() {
        return FileContext.newBuilder().setPath(path).setSize(size()).setInode(inode).setDevice(2049).setMode(mode)
                .setOwnerUid(ownerUid).setModifyTimeUnixNanos(nanos(modified)).setChangeTimeUnixNanos(nanos(changed))
                .setAccessTimeUnixNanos(nanos(accessed)).build();
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
