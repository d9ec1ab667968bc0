package io.interpose.guest.linux.login;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The utmp file ({@code /run/utmp}): {@link UtmpRecord}s, one slot per terminal. A login writes a
 * {@code USER_PROCESS} record into its slot; its end rewrites the slot as {@code DEAD_PROCESS} (glibc's
 * {@code logout()} clears the user and host), so the logged-in sessions are the {@code USER_PROCESS}
 * records, and a logout is one of them no longer there. A tail shorter than a record (a record being
 * appended) is ignored. At most {@value #MAX_RECORDS} records are read (the file is writable by the
 * {@code utmp} group).
 */
final class UtmpFile implements SessionSource {

    static final int MAX_RECORDS = 4096;

    private final Path file;
    private final Function<String, OptionalInt> uidOf;

    UtmpFile(Path file, Function<String, OptionalInt> uidOf) {
        this.file = file;
        this.uidOf = uidOf;
    }

    @Override
    public LoginWatcher.Source kind() {
        return LoginWatcher.Source.UTMP;
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The logged-in records; a login already known keeps its session (and uid: no lookup per poll). */
    @Override
    public Map<String, UserSession> read(Map<String, UserSession> previous) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(content());
        Map<String, UserSession> sessions = new LinkedHashMap<>();
        for (int offset = 0; offset + UtmpRecord.BYTES <= bytes.capacity(); offset += UtmpRecord.BYTES) {
            UtmpRecord record = UtmpRecord.read(bytes, offset);
            if (record.loggedIn()) {
                String key = record.key();
                sessions.put(key, previous.containsKey(key) ? previous.get(key) : record.toUserSession(uidOf));
            }
        }
        return sessions;
    }

    private byte[] content() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_RECORDS * UtmpRecord.BYTES);
        }
    }
}
