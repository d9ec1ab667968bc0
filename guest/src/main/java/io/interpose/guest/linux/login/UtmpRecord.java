package io.interpose.guest.linux.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * One glibc {@code struct utmp} record as x86_64 and aarch64 store it ({@code bits/utmp.h}, with
 * {@code __WORDSIZE_TIME64_COMPAT32}: 32-bit {@code ut_session} and {@code ut_tv}), 384 bytes in native
 * byte order. Strings are NUL-padded and not always NUL-terminated.
 *
 * @param type {@code ut_type}; {@link #USER_PROCESS} is a login, {@link #DEAD_PROCESS} its end
 * @param pid {@code ut_pid}, the login process
 * @param line {@code ut_line}, the terminal ({@code "pts/0"})
 * @param inittabId {@code ut_id}, the slot's key with {@code line}
 * @param user {@code ut_user}
 * @param remoteAddress {@code ut_host}, else the address in {@code ut_addr_v6}, else empty; a host
 *     starting with {@code ':'} is a local X display, not a remote host
 */
record UtmpRecord(int type, int pid, String line, String inittabId, String user, String remoteAddress) {

    static final int BYTES = 384;
    static final int USER_PROCESS = 7;
    static final int DEAD_PROCESS = 8;

    private static final int TYPE_OFFSET = 0;
    private static final int PID_OFFSET = 4;
    private static final int LINE_OFFSET = 8;
    private static final int LINE_BYTES = 32;
    private static final int ID_OFFSET = 40;
    private static final int ID_BYTES = 4;
    private static final int USER_OFFSET = 44;
    private static final int USER_BYTES = 32;
    private static final int HOST_OFFSET = 76;
    private static final int HOST_BYTES = 256;
    private static final int ADDRESS_OFFSET = 348;
    private static final int ADDRESS_BYTES = 16;

    /** Reads the record starting at {@code offset} of {@code file}, which holds at least {@link #BYTES} from there. */
    static UtmpRecord read(ByteBuffer file, int offset) {
        ByteBuffer record = file.slice(offset, BYTES).order(ByteOrder.nativeOrder());
        return new UtmpRecord(record.getShort(TYPE_OFFSET), record.getInt(PID_OFFSET),
                string(record, LINE_OFFSET, LINE_BYTES), string(record, ID_OFFSET, ID_BYTES),
                string(record, USER_OFFSET, USER_BYTES), remote(record));
    }

    boolean loggedIn() {
        return type == USER_PROCESS && !user.isEmpty();
    }

    /** What identifies this login while it lasts: its slot and the process and user in it. */
    String key() {
        return inittabId + '|' + line + '|' + pid + '|' + user;
    }

    UserSession toUserSession(Function<String, OptionalInt> uidOf) {
        int uid = uidOf.apply(user).orElse(UserSession.UNKNOWN_UID);
        return new UserSession(Integer.toString(pid), user, uid, line, remoteAddress);
    }

    private static String remote(ByteBuffer record) {
        String host = string(record, HOST_OFFSET, HOST_BYTES);
        if (host.startsWith(":")) {
            return "";
        }
        return host.isEmpty() ? address(record) : host;
    }

    /** {@code ut_addr_v6} in network byte order: IPv4 in the first word alone, else IPv6; empty when all zero. */
    private static String address(ByteBuffer record) {
        byte[] bytes = new byte[ADDRESS_BYTES];
        record.get(ADDRESS_OFFSET, bytes);
        if (isZero(bytes)) {
            return "";
        }
        boolean v4 = isZero(Arrays.copyOfRange(bytes, 4, ADDRESS_BYTES));
        try {
            return InetAddress.getByAddress(v4 ? Arrays.copyOf(bytes, 4) : bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(ByteBuffer record, int offset, int length) {
        byte[] bytes = new byte[length];
        record.get(offset, bytes);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
