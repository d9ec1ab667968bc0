package io.interpose.guest.linux.respond;

import io.interpose.protocol.gi.ResultCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The quarantine directory: files moved out of reach, kept for an administrator to restore by hand.
 *
 * <p>Layout: the directory (created mode 0700 when missing, and set to 0700 at each use) holds, per file,
 * {@code <id>.quarantined}, the file itself with mode 000 (same inode when it could be renamed; a copy when it
 * was on another file system), and {@code <id>.json}, mode 0600, its record:
 * <pre>{"original_path":"/home/alice/x","size":68,"sha256":"275a02...","quarantined_at":"2026-01-02T03:04:05Z",
 *  "mode":"0644","owner_uid":1000,"owner_gid":1000,"stored_as":"<id>.quarantined"}</pre>
 * ({@code mode} is the original permission bits in octal). To restore: move {@code <id>.quarantined} to
 * {@code original_path}, {@code chmod} it to {@code mode}, {@code chown} it to the owner, delete the record.
 * The {@code id} is a random UUID.
 */
final class Quarantine {

    static final String STORED = ".quarantined";
    static final String RECORD = ".json";
    private static final String PARTIAL = ".partial";

    private final Path directory;
    private final Clock clock;

    Quarantine(Path directory, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.clock = clock;
    }

    Path directory() {
        return directory;
    }

    /** Moves a regular file in, strips its permissions and records it; returns where it is kept. */
    Path put(Path original) throws RequestFailure {
        Map<String, Object> stat = regularFile(original);
        String id = UUID.randomUUID().toString();
        Path stored = directory.resolve(id + STORED);
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            move(original, stored, directory.resolve(id + PARTIAL));
        } catch (IOException e) {
            throw RequestFailure.of(e, original);
        }
        try {
            record(original, stored, directory.resolve(id + RECORD), stat);
            return stored;
        } catch (IOException e) {
            throw new RequestFailure(ResultCode.FAILED, original + " was moved to " + stored
                    + ", but its record could not be written: " + e);
        }
    }

    private static Map<String, Object> regularFile(Path path) throws RequestFailure {
        try {
            Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
            if (!(Boolean) stat.get("isRegularFile")) {
                throw new RequestFailure(ResultCode.INVALID, "not a regular file: " + path);
            }
            return stat;
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        }
    }

    /** A rename when both are on one file system; else a copy (under a temporary name), then the original deleted. */
    private static void move(Path original, Path stored, Path partial) throws IOException {
        try {
            Files.move(original, stored, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.copy(original, partial);
            try {
                Files.delete(original);
            } catch (IOException notDeleted) {
                Files.deleteIfExists(partial);
                throw notDeleted;
            }
            Files.move(partial, stored, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void record(Path original, Path stored, Path record, Map<String, Object> stat) throws IOException {
        MessageDigest sha256 = FileQueries.sha256();
        long size = FileQueries.digest(stored, sha256);
        Files.setPosixFilePermissions(stored, Set.of());
        String json = "{\"original_path\":" + quoted(original.toString())
                + ",\"size\":" + size
                + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest()) + "\""
                + ",\"quarantined_at\":\"" + clock.instant() + "\""
                + ",\"mode\":\"" + String.format("%04o", (Integer) stat.get("mode") & 07777) + "\""
                + ",\"owner_uid\":" + Integer.toUnsignedString((Integer) stat.get("uid"))
                + ",\"owner_gid\":" + Integer.toUnsignedString((Integer) stat.get("gid"))
                + ",\"stored_as\":" + quoted(stored.getFileName().toString()) + "}\n";
        Files.write(record, json.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-------"));
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
