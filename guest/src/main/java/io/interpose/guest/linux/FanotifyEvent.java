package io.interpose.guest.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One fanotify event as the kernel reports it ({@code struct fanotify_event_metadata}): what happened
 * ({@code mask}), an open file descriptor of the file ({@code fd}, owned by the reader, which must close
 * it) and the process that did it ({@code pid}, its thread group id).
 */
record FanotifyEvent(long mask, int fd, int pid) {

    /** {@code event_len} (4), {@code vers} (1), reserved (1), {@code metadata_len} (2), mask (8), fd (4), pid (4). */
    static final int METADATA_BYTES = 24;

    boolean is(long bit) {
        return (mask & bit) != 0;
    }

    /**
     * The events in {@code buffer} between its position and limit. A record of another metadata version,
     * or one whose length runs past the data, ends the parse: what was read before it is returned, and its
     * descriptors are the caller's to close like any other.
     *
     * @throws IllegalStateException when the kernel speaks another metadata version (the agent cannot go on)
     */
    static List<FanotifyEvent> parse(ByteBuffer buffer) {
        ByteBuffer data = buffer.slice().order(ByteOrder.nativeOrder());
        List<FanotifyEvent> events = new ArrayList<>();
        int offset = 0;
        while (data.limit() - offset >= METADATA_BYTES) {
            long length = Integer.toUnsignedLong(data.getInt(offset));
            int version = Byte.toUnsignedInt(data.get(offset + 4));
            if (version != LinuxNative.FANOTIFY_METADATA_VERSION) {
                throw new IllegalStateException("fanotify metadata version " + version + ", expected "
                        + LinuxNative.FANOTIFY_METADATA_VERSION);
            }
            if (length < METADATA_BYTES || length > data.limit() - offset) {
                break;
            }
            events.add(new FanotifyEvent(data.getLong(offset + 8), data.getInt(offset + 16), data.getInt(offset + 20)));
            offset += (int) length;
        }
        return events;
    }
}
