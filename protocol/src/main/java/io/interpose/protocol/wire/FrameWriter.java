package io.interpose.protocol.wire;

import com.google.protobuf.MessageLite;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes length-prefixed protobuf frames into a buffer; {@link #flush()} sends them. Batching several
 * frames per flush is what makes a busy link cheap. Not thread-safe: one writer per connection.
 */
public final class FrameWriter {

    private final OutputStream out;
    private volatile int maxFrameBytes;

    public FrameWriter(OutputStream out, int maxFrameBytes) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.maxFrameBytes = maxFrameBytes;
    }

    public void maxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Buffers one frame. A message larger than the frame limit is refused before anything is written. */
    public void write(MessageLite message) throws IOException {
        int length = message.getSerializedSize();
        if (length == 0 || length > maxFrameBytes) {
            throw new IllegalArgumentException("message of " + length + " bytes outside 1.." + maxFrameBytes);
        }
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        message.writeTo(out);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
