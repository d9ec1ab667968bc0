package io.interpose.guest.linux.login;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Where the guest records who is logged in: systemd-logind's session files, or utmp. */
sealed interface SessionSource permits LogindSessions, UtmpFile {

    LoginWatcher.Source kind();

    Path path();

    /** Whether this source is there to read (logind creates its directory when it starts). */
    boolean exists();

    /**
     * The interactive sessions now, by a key stable for each session's life and unique within this source.
     * A session whose record cannot be read this time keeps its entry from {@code previous}.
     *
     * @throws IOException when the source as a whole cannot be read
     */
    Map<String, UserSession> read(Map<String, UserSession> previous) throws IOException;
}
