package io.interpose.guest.linux.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One of systemd-logind's session files ({@code /run/systemd/sessions/<id>}): {@code KEY=value} lines as
 * {@code session_save()} in {@code src/login/logind-session.c} writes them ({@code UID}, {@code USER},
 * {@code STATE}, {@code CLASS}, {@code TTY}, {@code DISPLAY}, {@code REMOTE_HOST}...; the free-text values
 * {@code REMOTE_HOST}, {@code REMOTE_USER}, {@code SERVICE} and {@code DESKTOP} C-escaped). libsystemd's
 * {@code sd_session_get_*} read the same files.
 *
 * <p>Interactive sessions are those of the classes {@code user}, {@code user-early} (root before
 * {@code systemd-user-sessions}), {@code user-light} and {@code user-early-light} (without the user's
 * service manager), while not {@code closing}. Not: {@code greeter} and {@code lock-screen} (the display
 * manager), {@code background} and {@code background-light} (cron and the like), {@code manager} and
 * {@code manager-early} (the user's own {@code systemd --user}), {@code none}, and {@code user-incomplete}
 * (a login not finished yet, e.g. a password that must be changed: logind turns it into {@code user} when
 * it is, and that is the login). A {@code closing} session has logged out and waits only for its last
 * processes to end (with {@code KillUserProcesses=no} that can be forever: a {@code tmux} left behind).
 */
record SessionFile(Map<String, String> values, boolean endsWithNewline) {

    private static final String ESCAPE_LETTERS = "abfnrtv\\\"'";
    private static final String ESCAPED_CHARACTERS = "\u0007\b\f\n\r\t\u000b\\\"'";
    private static final Set<String> INTERACTIVE_CLASSES = Set.of("user", "user-early", "user-light", "user-early-light");

    SessionFile {
        values = Map.copyOf(values);
    }

    static SessionFile parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1));
            }
        }
        return new SessionFile(values, text.endsWith("\n"));
    }

    /** Whether logind finished writing this file: every line it writes ends with a newline, and UID, USER, CLASS are there. */
    boolean complete() {
        return endsWithNewline && uid().isPresent() && values.containsKey("USER") && values.containsKey("CLASS");
    }

    /** The session, when it is an interactive one ({@link #complete()} files only). */
    Optional<UserSession> userSession(String id) {
        if (!interactive()) {
            return Optional.empty();
        }
        return Optional.of(new UserSession(id, values.get("USER"), uid().orElseThrow(), terminal(), unescaped("REMOTE_HOST")));
    }

    private boolean interactive() {
        return INTERACTIVE_CLASSES.contains(values.get("CLASS")) && !"closing".equals(values.get("STATE"));
    }

    private OptionalInt uid() {
        try {
            return OptionalInt.of(Integer.parseUnsignedInt(values.getOrDefault("UID", "")));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** {@code TTY} (without a {@code /dev/} some PAM callers give), else the X display, else nothing. */
    private String terminal() {
        String tty = values.getOrDefault("TTY", "");
        if (tty.startsWith("/dev/")) {
            tty = tty.substring("/dev/".length());
        }
        return tty.isEmpty() ? values.getOrDefault("DISPLAY", "") : tty;
    }

    private String unescaped(String key) {
        return unescape(values.getOrDefault(key, ""));
    }

    /** Undoes systemd's {@code cescape()}: {@code \n}-style escapes, {@code \xHH} bytes (UTF-8 byte by byte), octal. */
    static String unescape(String escaped) {
        if (escaped.indexOf('\\') < 0) {
            return escaped;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < escaped.length()) {
            int c = escaped.codePointAt(i);
            if (c != '\\' || i + 1 == escaped.length()) {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            } else {
                i = unescapeOne(escaped, i + 1, bytes);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Decodes the escape whose letter is at {@code at}; returns the index after it. */
    private static int unescapeOne(String escaped, int at, ByteArrayOutputStream bytes) {
        char letter = escaped.charAt(at);
        int simple = ESCAPE_LETTERS.indexOf(letter);
        if (simple >= 0) {
            bytes.write(ESCAPED_CHARACTERS.charAt(simple));
            return at + 1;
        }
        if (letter == 'x' && hexAt(escaped, at + 1, 2)) {
            bytes.write(Integer.parseInt(escaped, at + 1, at + 3, 16));
            return at + 3;
        }
        if (octalAt(escaped, at)) {
            bytes.write(Integer.parseInt(escaped, at, at + 3, 8) & 0xff);
            return at + 3;
        }
        bytes.write('\\');
        return at;
    }

    private static boolean hexAt(String text, int from, int count) {
        return from + count <= text.length()
                && text.substring(from, from + count).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static boolean octalAt(String text, int from) {
        return from + 3 <= text.length() && text.substring(from, from + 3).chars().allMatch(c -> c >= '0' && c <= '7');
    }
}
