package io.interpose.guest.linux.login;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd-logind's session directory ({@code /run/systemd/sessions}): one {@link SessionFile} per session,
 * named by the session id. logind writes each file to a hidden temporary ({@code .#<id>...}) and renames it,
 * and keeps a FIFO {@code <id>.ref} beside it: only names that are valid session ids (letters and digits)
 * and regular files are read, so neither a temporary nor the FIFO (whose open would block) is touched.
 */
final class LogindSessions implements SessionSource {

    private static final Logger log = LoggerFactory.getLogger(LogindSessions.class);
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private final Path directory;

    LogindSessions(Path directory) {
        this.directory = directory;
    }

    @Override
    public LoginWatcher.Source kind() {
        return LoginWatcher.Source.LOGIND;
    }

    @Override
    public Path path() {
        return directory;
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(directory);
    }

    @Override
    public Map<String, UserSession> read(Map<String, UserSession> previous) throws IOException {
        Map<String, UserSession> sessions = new LinkedHashMap<>();
        for (String id : sessionIds()) {
            readSession(id, previous).ifPresent(session -> sessions.put(id, session));
        }
        return sessions;
    }

    private List<String> sessionIds() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> SESSION_ID.matcher(name).matches())
                    .sorted().toList();
        }
    }

    /** The session if it is an interactive one; its previous state when its file is unreadable or unfinished. */
    private Optional<UserSession> readSession(String id, Map<String, UserSession> previous) {
        Path file = directory.resolve(id);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            SessionFile session = SessionFile.parse(text(file));
            return session.complete() ? session.userSession(id) : Optional.ofNullable(previous.get(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.debug("Could not read the logind session file {}", file, e);
            return Optional.ofNullable(previous.get(id));
        }
    }

    private static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8);
        }
    }
}
