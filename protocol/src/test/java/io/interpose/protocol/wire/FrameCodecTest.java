package io.interpose.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final GuestFrame EVENT = GuestFrame.newBuilder().setEvent(Event.newBuilder().setId(7)
            .setType(EventType.FILE_OPEN).setAwaitsVerdict(true).setDeadlineMs(500)
            .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath("/etc/passwd")))).build();

    @Test
    void framesRoundTripInOrder() throws IOException {
        GuestFrame hello = GuestFrame.newBuilder().setHello(GuestHello.newBuilder().addVersions(1).setVmId("vm-1")).build();
        byte[] bytes = encode(hello, EVENT);

        FrameReader reader = reader(bytes, Frames.MAX_FRAME_BYTES);
        assertThat(reader.<GuestFrame>next()).isEqualTo(hello);
        assertThat(reader.<GuestFrame>next()).isEqualTo(EVENT);
        assertThat(reader.<GuestFrame>next()).as("clean end between frames").isNull();
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItsBodyIsRead() {
        byte[] header = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> reader(header, Frames.HELLO_MAX_FRAME_BYTES).read())
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("outside 1..65536");
    }

    @Test
    void anEmptyFrameIsMalformed() {
        assertThatThrownBy(() -> reader(new byte[4], 100).read()).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aStreamEndingInsideAFrameIsMalformed() throws IOException {
        byte[] bytes = encode(EVENT);
        assertThatThrownBy(() -> reader(Arrays.copyOf(bytes, bytes.length - 1), 1000).read())
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("inside a frame");
        assertThatThrownBy(() -> reader(Arrays.copyOf(bytes, 2), 1000).read())
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("inside a frame length");
    }

    @Test
    void garbageIsMalformed() {
        byte[] bytes = {0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> reader(bytes, 1000).read()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("does not parse");
    }

    @Test
    void anUnknownMessageTypeParsesAsAFrameWithNoBody() throws IOException {
        // Field 99 of a GuestFrame, length-delimited, 2 bytes: a message type from a later version.
        byte[] bytes = {0, 0, 0, 5, (byte) 0x9a, 0x06, 2, 0x08, 0x01};
        GuestFrame frame = reader(bytes, 1000).next();
        assertThat(frame.getBodyCase()).isEqualTo(GuestFrame.BodyCase.BODY_NOT_SET);
    }

    @Test
    void theWriterRefusesAMessageOverTheLimit() {
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), 10);
        assertThatThrownBy(() -> writer.write(EVENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsNegotiateToTheHighestCommonOne() {
        assertThat(Frames.negotiate(List.of(1, 2, 3), List.of(1, 2))).hasValue(2);
        assertThat(Frames.negotiate(List.of(5), List.of(1))).isEmpty();
    }

    private static byte[] encode(GuestFrame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out, Frames.MAX_FRAME_BYTES);
        for (GuestFrame frame : frames) {
            writer.write(frame);
        }
        writer.flush();
        return out.toByteArray();
    }

    private static FrameReader reader(byte[] bytes, int max) {
        return new FrameReader(new ByteArrayInputStream(bytes), GuestFrame.parser(), max);
    }
}
