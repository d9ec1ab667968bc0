package io.interpose.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelStreamsTest {

    @TempDir
    Path directory;

    private ChannelStreams streams;
    private SocketChannel peer;

    @AfterEach
    void close() throws IOException {
        if (streams != null) {
            streams.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void oneThreadReadsWhileAnotherWritesAMessageLargerThanTheSocketBuffer() throws Exception {
        connect();
        byte[] large = new byte[8 * 1024 * 1024];
        Arrays.fill(large, (byte) 7);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                streams.output().write(large);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return streams.input().read(new byte[16]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        byte[] echoed = readFromPeer(large.length);
        peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        written.get(10, TimeUnit.SECONDS);
        assertThat(echoed).isEqualTo(large);
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void theEndOfTheStreamReadsAsMinusOne() throws Exception {
        connect();
        peer.close();

        assertThat(streams.input().read(new byte[4])).isEqualTo(-1);
    }

    @Test
    void closingEndsAWaitingReadAndReleasesTheSocket() throws Exception {
        connect();
        CompletableFuture<Object> read = new CompletableFuture<>();
        Thread reader = inThread(read, () -> streams.input().read(new byte[4]));
        await().until(() -> waitingInASelector(reader));

        streams.close();

        assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(ClosedChannelException.class);
        assertThat(peer.read(ByteBuffer.allocate(4))).as("the peer sees the socket closed").isEqualTo(-1);
    }

    @Test
    void closingEndsAWriteBlockedOnAPeerThatDoesNotRead() throws Exception {
        connect();
        CompletableFuture<Object> write = new CompletableFuture<>();
        Thread writer = inThread(write, () -> {
            streams.output().write(new byte[64 * 1024 * 1024]);
            return null;
        });
        await().until(() -> waitingInASelector(writer));

        streams.close();

        assertThatThrownBy(() -> write.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(ClosedChannelException.class);
        assertThat(streams.isOpen()).isFalse();
    }

    @Test
    void readingOrWritingAfterCloseFails() throws Exception {
        connect();
        streams.close();

        assertThatThrownBy(() -> streams.input().read(new byte[1])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> streams.output().write(new byte[1])).isInstanceOf(IOException.class);
    }

    private static Thread inThread(CompletableFuture<Object> result, Callable<Object> body) {
        Thread thread = new Thread(() -> {
            try {
                result.complete(body.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** True once {@code thread} waits in a selector: the streams' read or write is blocked. */
    private static boolean waitingInASelector(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().endsWith("SelectorImpl"));
    }

    private void connect() throws IOException {
        Path socket = directory.resolve("s.sock");
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            peer = server.accept();
            streams = ChannelStreams.of(client);
        }
    }

    private byte[] readFromPeer(int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (peer.read(buffer) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
