package io.interpose.guest.linux.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Parsing datagrams laid out as {@code linux/netlink.h}, {@code connector.h} and {@code cn_proc.h} say. */
class ProcEventTest {

    /** nlmsghdr + cn_msg + proc_event with the largest union member (exit: 24 bytes). */
    private static final int MESSAGE_BYTES = 16 + 20 + 16 + 24;

    @Test
    void readsExecExitAndForkEventsFromOneDatagram() {
        ByteBuffer datagram = datagram(
                message(ProcEvent.PROC_EVENT_EXEC, 100, 100),
                message(ProcEvent.PROC_EVENT_EXIT, 100, 100, 3 << 8, 17, 1, 1),
                message(ProcEvent.PROC_EVENT_FORK, 1, 1, 101, 101));

        assertThat(ProcEvent.parse(datagram)).containsExactly(
                new ProcEvent.Exec(100, 100),
                new ProcEvent.Exit(100, 100, 3 << 8),
                new ProcEvent.Fork(1, 1, 101, 101));
    }

    @Test
    void skipsOtherProcEventsAndOtherConnectorsAndNetlinkControlMessages() {
        ByteBuffer uid = message(0x4, 100, 100, 0, 0);
        ByteBuffer otherConnector = message(ProcEvent.PROC_EVENT_EXEC, 7, 7);
        otherConnector.putInt(16, 9);
        ByteBuffer noop = message(ProcEvent.PROC_EVENT_EXEC, 8, 8);
        noop.putShort(4, (short) ProcEvent.NLMSG_NOOP);

        assertThat(ProcEvent.parse(datagram(uid, otherConnector, noop, message(ProcEvent.PROC_EVENT_EXEC, 9, 9))))
                .containsExactly(new ProcEvent.Exec(9, 9));
    }

    @Test
    void aMessageLongerThanTheDatagramEndsTheWalk() {
        ByteBuffer cut = message(ProcEvent.PROC_EVENT_EXEC, 5, 5);
        cut.limit(40);

        assertThat(ProcEvent.parse(datagram(message(ProcEvent.PROC_EVENT_EXEC, 4, 4), cut)))
                .first().isEqualTo(new ProcEvent.Exec(4, 4));
        assertThat(ProcEvent.parse(datagram(message(ProcEvent.PROC_EVENT_EXEC, 4, 4), cut)))
                .last().isInstanceOf(ProcEvent.Malformed.class);
    }

    @Test
    void aProcEventTooShortForItsKindIsMalformedAndTheWalkGoesOn() {
        ByteBuffer shortExit = message(ProcEvent.PROC_EVENT_EXIT, 5, 5);
        shortExit.putShort(32, (short) 20);

        assertThat(ProcEvent.parse(datagram(shortExit, message(ProcEvent.PROC_EVENT_EXEC, 6, 6))))
                .hasSize(2).first().isInstanceOf(ProcEvent.Malformed.class);
    }

    @Test
    void aZeroLengthMessageDoesNotLoopForever() {
        ByteBuffer zero = message(ProcEvent.PROC_EVENT_EXEC, 5, 5);
        zero.putInt(0, 0);

        assertThat(ProcEvent.parse(datagram(zero))).singleElement().isInstanceOf(ProcEvent.Malformed.class);
    }

    @Test
    void leftoverBytesShorterThanAHeaderAreIgnored() {
        ByteBuffer datagram = datagram(message(ProcEvent.PROC_EVENT_EXEC, 4, 4), ByteBuffer.allocate(8));

        assertThat(ProcEvent.parse(datagram)).containsExactly(new ProcEvent.Exec(4, 4));
    }

    @Property
    void aProcessThatExitedHasItsCodeAndNoSignal(@ForAll @IntRange(min = 0, max = 255) int code) {
        ProcEvent.Exit exit = new ProcEvent.Exit(1, 1, code << 8);

        assertThat(exit.exitCode()).isEqualTo(code);
        assertThat(exit.signal()).isZero();
    }

    @Property
    void aKilledProcessHasItsSignalAndNoCode(@ForAll @IntRange(min = 1, max = 64) int signal, @ForAll boolean coreDumped) {
        ProcEvent.Exit exit = new ProcEvent.Exit(1, 1, signal | (coreDumped ? 0x80 : 0));

        assertThat(exit.signal()).isEqualTo(signal);
        assertThat(exit.exitCode()).isZero();
    }

    /** One netlink message as the kernel sends it, with {@code fields} in the proc_event's union. */
    private static ByteBuffer message(int what, int... fields) {
        ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES).order(ByteOrder.nativeOrder());
        message.putInt(0, MESSAGE_BYTES).putShort(4, (short) 3);
        message.putInt(16, ProcEvent.CN_IDX_PROC).putInt(20, ProcEvent.CN_VAL_PROC).putShort(32, (short) 40);
        message.putInt(36, what).putInt(40, 0).putLong(44, 123_456_789L);
        for (int i = 0; i < fields.length; i++) {
            message.putInt(52 + 4 * i, fields[i]);
        }
        return message;
    }

    private static ByteBuffer datagram(ByteBuffer... messages) {
        ByteBuffer datagram = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
        for (ByteBuffer message : messages) {
            datagram.put(message.duplicate().position(0));
        }
        return datagram.flip();
    }
}
