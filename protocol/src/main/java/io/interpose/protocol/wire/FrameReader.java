package io.interpose.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads length-prefixed protobuf frames: a 4-byte unsigned big-endian length N, then N bytes of one
 * message. It buffers its input (a socket stream need not be wrapped). Not thread-safe: one reader per
 * connection.
 */
public final class FrameReader {

    private final DataInputStream in;
    private final Parser<?> parser;
    private volatile int maxFrameBytes;

    public FrameReader(InputStream in, Parser<?> parser, int maxFrameBytes) {
        this.in = new DataInputStream(in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024));
        this.parser = parser;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Raises or lowers the limit, as the Welcome negotiates it. */
    public void maxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next message, or null when the peer closed the stream cleanly between two frames.
     *
     * @throws MalformedFrameException when the length is out of bounds, the stream ends inside a
     *     frame, or the bytes are not a message
     */
    public Object read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        long length;
        try {
            length = ((long) first << 24) | ((long) in.readUnsignedByte() << 16) | ((long) in.readUnsignedByte() << 8)
                    | in.readUnsignedByte();
        } catch (EOFException e) {
            throw new MalformedFrameException("stream ended inside a frame length", e);
        }
        if (length == 0 || length > maxFrameBytes) {
            throw new MalformedFrameException("frame length " + length + " outside 1.." + maxFrameBytes);
        }
        byte[] body = new byte[(int) length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new MalformedFrameException("stream ended inside a frame of " + length + " bytes", e);
        }
        try {
            return parser.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedFrameException("frame of " + length + " bytes does not parse: " + e.getMessage(), e);
        }
    }

    /** Typed {@link #read()}. */
    @SuppressWarnings("unchecked")
    public <T> T next() throws IOException {
        return (T) read();
    }
}
