package io.interpose.guest.linux.login;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes {@code struct utmp} records as glibc lays them out on x86_64/aarch64
 * ({@code /usr/include/x86_64-linux-gnu/bits/utmp.h}): the offsets are the header's, spelled out here
 * independently of the code under test.
 */
final class UtmpWriter {

    static final int RECORD = 384;
    static final short BOOT_TIME = 2;
    static final short INIT_PROCESS = 5;
    static final short LOGIN_PROCESS = 6;
    static final short USER_PROCESS = 7;
    static final short DEAD_PROCESS = 8;

    private final Path file;

    UtmpWriter(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * One record: {@code ut_type} (short + 2 bytes padding), {@code ut_pid}, {@code ut_line[32]},
     * {@code ut_id[4]}, {@code ut_user[32]}, {@code ut_host[256]}, {@code ut_exit} (2 shorts),
     * {@code ut_session}, {@code ut_tv} (2 x int32), {@code ut_addr_v6[4]}, 20 reserved bytes.
     */
    static byte[] record(short type, int pid, String line, String id, String user, String host, byte[] address) {
        ByteBuffer record = ByteBuffer.allocate(RECORD).order(ByteOrder.nativeOrder());
        record.putShort(0, type);
        record.putInt(4, pid);
        put(record, 8, 32, line);
        put(record, 40, 4, id);
        put(record, 44, 32, user);
        put(record, 76, 256, host);
        record.putInt(336, pid);
        record.putInt(340, 1_700_000_000);
        record.putInt(344, 250_000);
        record.put(348, Arrays.copyOf(address, 16));
        return record.array();
    }

    static byte[] login(int pid, String line, String user, String host) {
        return record(USER_PROCESS, pid, line, id(line), user, host, new byte[0]);
    }

    /** What glibc's {@code logout()} leaves in the slot: the user and host cleared. */
    static byte[] logout(int pid, String line) {
        return record(DEAD_PROCESS, pid, line, id(line), "", "", new byte[0]);
    }

    /** The last four characters of the line, as login(1) and sshd make {@code ut_id}. */
    private static String id(String line) {
        return line.length() <= 4 ? line : line.substring(line.length() - 4);
    }

    void write(byte[]... records) throws IOException {
        Files.write(file, concat(records));
    }

    void append(byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    /** Rewrites the record in slot {@code index}, as {@code pututline()} does. */
    void rewrite(int index, byte[] record) throws IOException {
        byte[] content = Files.readAllBytes(file);
        System.arraycopy(record, 0, content, index * RECORD, RECORD);
        Files.write(file, content);
    }

    private static byte[] concat(byte[]... records) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(records).mapToInt(r -> r.length).sum());
        Arrays.stream(records).forEach(all::put);
        return all.array();
    }

    private static void put(ByteBuffer record, int offset, int size, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        record.put(offset, bytes, 0, Math.min(size, bytes.length));
    }
}
