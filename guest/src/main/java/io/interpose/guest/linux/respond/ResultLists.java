package io.interpose.guest.linux.respond;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.util.List;

/**
 * Keeps a list answer within what one frame can carry: at most {@link #MAX_ENTRIES} entries (docs/gi-protocol.md
 * section 4.4) and {@link #MAX_BYTES} of entries (the MUX's frame limit is 1 MiB + 64 KiB; a frame over the
 * limit would end the session). The protocol has no "truncated" flag for lists, so a cut is told in the
 * status message.
 */
final class ResultLists {

    static final int MAX_ENTRIES = 10_000;
    static final int MAX_BYTES = 1024 * 1024;

    private ResultLists() {
    }

    /** The entries kept and how many there were. */
    record Cut<T>(List<T> kept, int total) {

        Cut {
            kept = List.copyOf(kept);
        }

        /** Empty when nothing was cut, else "first N of M <what>: ...". */
        String note(String what) {
            return kept.size() == total ? "" : "the first " + kept.size() + " of " + total + " " + what
                    + ": the rest would not fit in one answer";
        }
    }

    /** The longest prefix of {@code all} within both limits. */
    static <T extends MessageLite> Cut<T> fit(List<T> all) {
        long bytes = 0;
        int kept = 0;
        while (kept < all.size() && kept < MAX_ENTRIES) {
            bytes += CodedOutputStream.computeMessageSize(1, all.get(kept));
            if (bytes > MAX_BYTES) {
                break;
            }
            kept++;
        }
        return new Cut<>(all.subList(0, kept), all.size());
    }
}
