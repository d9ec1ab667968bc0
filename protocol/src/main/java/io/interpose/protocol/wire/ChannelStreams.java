package io.interpose.protocol.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Blocking streams over a socket channel for one reading thread and one writing thread at a time (a
 * connection's reader and its writer). Unlike {@code Channels.newInputStream}, reading does not hold up
 * writing.
 *
 * <p>The channel is put in non-blocking mode and each side waits in its own {@link Selector}, for
 * readability resp. writability only. A thread blocked in {@code read(2)} on a Unix stream socket is woken
 * each time the peer reads what this side wrote (the kernel signals "writable again" on the same wait
 * queue); on the verdict path that was two futile thread wake-ups per round trip, each a context switch
 * and, on a virtual machine, an inter-processor interrupt. A selector registered for reading only is not
 * woken by it.
 *
 * <p>{@link #close()} closes the channel and both selectors, which ends a wait on either side with a
 * {@link java.nio.channels.ClosedChannelException}; owners must close these streams rather than the
 * channel alone, whose socket is otherwise released only when its selectors next run. Each instance
 * holds the socket and two selectors (on Linux an epoll and an eventfd descriptor each): five file
 * descriptors per connection.
 */
public final class ChannelStreams implements Closeable {

    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;
    private final InputStream input;
    private final OutputStream output;

    private ChannelStreams(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.readable = Selector.open();
        try {
            this.writable = Selector.open();
        } catch (IOException e) {
            readable.close();
            throw e;
        }
        channel.register(readable, SelectionKey.OP_READ);
        channel.register(writable, SelectionKey.OP_WRITE);
        this.input = new Input();
        this.output = new Output();
    }

    /** Streams over {@code channel}, which must be connected; closes it when this fails. */
    public static ChannelStreams of(SocketChannel channel) throws IOException {
        try {
            return new ChannelStreams(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            readable.close();
            writable.close();
        }
    }

    /** Waits in {@code selector} until the channel is ready, or throws once it is closed. */
    private void await(Selector selector) throws IOException {
        try {
            if (channel.isOpen()) {
                selector.select();
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            // closed meanwhile: reported below
        }
        if (!channel.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) {
                    return n < 0 ? -1 : n;
                }
                await(readable);
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (true) {
                channel.write(buffer);
                if (!buffer.hasRemaining()) {
                    return;
                }
                await(writable);
            }
        }
    }
}
