package io.interpose.guest.linux.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code /run/systemd/sessions} written the way systemd-logind's {@code session_save()} writes it: the
 * keys in its order, into a hidden temporary {@code .#<id>XXXXXX}, then renamed over the session file.
 */
final class LogindDirectory {

    private final Path directory;

    LogindDirectory(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    Path path() {
        return directory;
    }

    /** The file of an ssh login of {@code user} on {@code tty} from {@code remoteHost}, with {@code overrides}. */
    static Map<String, String> sshSession(String id, String user, int uid, String tty, String remoteHost) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("UID", Integer.toString(uid));
        values.put("USER", user);
        values.put("ACTIVE", "1");
        values.put("IS_DISPLAY", "0");
        values.put("STATE", "active");
        values.put("REMOTE", "1");
        values.put("TYPE", "tty");
        values.put("ORIGINAL_TYPE", "tty");
        values.put("CLASS", "user");
        values.put("SCOPE", "session-" + id + ".scope");
        values.put("FIFO", "/run/systemd/sessions/" + id + ".ref");
        values.put("TTY", tty);
        values.put("TTY_VALIDITY", "from-pam");
        values.put("REMOTE_HOST", remoteHost);
        values.put("SERVICE", "sshd");
        values.put("POSITION", "0");
        values.put("LEADER", "4242");
        values.put("AUDIT", id);
        values.put("REALTIME", "1700000000000000");
        values.put("MONOTONIC", "123456789");
        return values;
    }

    static String text(Map<String, String> values) {
        StringBuilder text = new StringBuilder("# This is private data. Do not parse.\n");
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    void save(String id, Map<String, String> values) throws IOException {
        saveText(id, text(values));
    }

    void saveText(String id, String text) throws IOException {
        Path temporary = directory.resolve(".#" + id + "a1B2c3");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, directory.resolve(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A file left as a crashed or foreign writer would: in place, not renamed. */
    void writeInPlace(String name, String text) throws IOException {
        Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    void remove(String id) throws IOException {
        Files.delete(directory.resolve(id));
    }
}
