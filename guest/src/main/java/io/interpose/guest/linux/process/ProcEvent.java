package io.interpose.guest.linux.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process connector event the agent uses, as the kernel sends it: a netlink message
 * ({@code struct nlmsghdr}, 16 bytes) holding a connector message ({@code struct cn_msg}, 20 bytes) holding
 * a {@code struct proc_event} ({@code what}, {@code cpu}, {@code timestamp_ns}, then the union at byte 16).
 * Ids are the kernel's: {@code pid} is the thread, {@code tgid} the process. Other kinds (uid, gid, sid,
 * ptrace, comm, coredump, the subscription's acknowledgement) are not parsed.
 */
sealed interface ProcEvent {

    int NLMSG_HDRLEN = 16;
    int NLMSG_NOOP = 1;
    int NLMSG_ERROR = 2;
    int NLMSG_OVERRUN = 4;
    int CN_MSG_BYTES = 20;
    int CN_IDX_PROC = 1;
    int CN_VAL_PROC = 1;
    int PROC_EVENT_FORK = 0x1;
    int PROC_EVENT_EXEC = 0x2;
    int PROC_EVENT_EXIT = 0x80000000;
    /** {@code what}, {@code cpu} and {@code timestamp_ns}: where the union starts. */
    int UNION_OFFSET = 16;

    /** A new task: a process when {@code childPid == childTgid}, else a thread. */
    record Fork(int parentPid, int parentTgid, int childPid, int childTgid) implements ProcEvent {
    }

    /** A task ran a new program (after the exec the task always leads its thread group). */
    record Exec(int pid, int tgid) implements ProcEvent {
    }

    /**
     * A task ended; for the thread group leader ({@code pid == tgid}) that is the process.
     *
     * @param status the kernel's {@code exit_code}: a wait status ({@code waitpid(2)})
     */
    record Exit(int pid, int tgid, int status) implements ProcEvent {

        /** The code given to {@code exit(3)} (0-255) when the process exited by itself, else 0. */
        int exitCode() {
            return signal() == 0 ? (status >>> 8) & 0xff : 0;
        }

        /** The signal that killed the process (without the core dump bit), 0 when it exited by itself. */
        int signal() {
            return status & 0x7f;
        }
    }

    /** A message this parser could not read (cut short or with impossible lengths). */
    record Malformed(String reason) implements ProcEvent {
    }

    /**
     * The events in one datagram (between {@code datagram}'s position and limit), walking its netlink
     * messages by their aligned lengths. A message with an impossible length ends the walk with a
     * {@link Malformed}; a short connector message becomes one and the walk goes on.
     */
    static List<ProcEvent> parse(ByteBuffer datagram) {
        ByteBuffer data = datagram.slice().order(ByteOrder.nativeOrder());
        List<ProcEvent> events = new ArrayList<>();
        int offset = 0;
        while (data.limit() - offset >= NLMSG_HDRLEN) {
            long length = Integer.toUnsignedLong(data.getInt(offset));
            if (length < NLMSG_HDRLEN || length > data.limit() - offset) {
                events.add(new Malformed("netlink message length " + length + " with " + (data.limit() - offset) + " bytes left"));
                break;
            }
            int type = Short.toUnsignedInt(data.getShort(offset + 4));
            if (type != NLMSG_NOOP && type != NLMSG_ERROR && type != NLMSG_OVERRUN) {
                connectorMessage(data.slice(offset + NLMSG_HDRLEN, (int) length - NLMSG_HDRLEN).order(ByteOrder.nativeOrder()))
                        .ifPresent(events::add);
            }
            offset += (int) ((length + 3) & ~3L);
        }
        return events;
    }

    private static Optional<ProcEvent> connectorMessage(ByteBuffer message) {
        if (message.limit() < CN_MSG_BYTES) {
            return Optional.of(new Malformed("connector message of " + message.limit() + " bytes"));
        }
        if (message.getInt(0) != CN_IDX_PROC || message.getInt(4) != CN_VAL_PROC) {
            return Optional.empty();
        }
        int length = Short.toUnsignedInt(message.getShort(16));
        if (length > message.limit() - CN_MSG_BYTES || length < UNION_OFFSET) {
            return Optional.of(new Malformed("proc event of " + length + " bytes in a message of " + message.limit()));
        }
        return procEvent(message.slice(CN_MSG_BYTES, length).order(ByteOrder.nativeOrder()));
    }

    private static Optional<ProcEvent> procEvent(ByteBuffer event) {
        int what = event.getInt(0);
        int needed = switch (what) {
            case PROC_EVENT_FORK -> 16;
            case PROC_EVENT_EXEC -> 8;
            case PROC_EVENT_EXIT -> 12;
            default -> -1;
        };
        if (needed < 0) {
            return Optional.empty();
        }
        if (event.limit() < UNION_OFFSET + needed) {
            return Optional.of(new Malformed("proc event 0x" + Integer.toHexString(what) + " of " + event.limit() + " bytes"));
        }
        return Optional.of(switch (what) {
            case PROC_EVENT_FORK -> new Fork(field(event, 0), field(event, 1), field(event, 2), field(event, 3));
            case PROC_EVENT_EXEC -> new Exec(field(event, 0), field(event, 1));
            default -> new Exit(field(event, 0), field(event, 1), field(event, 2));
        });
    }

    /** The {@code index}th 32-bit field of the union. */
    private static int field(ByteBuffer event, int index) {
        return event.getInt(UNION_OFFSET + 4 * index);
    }
}
