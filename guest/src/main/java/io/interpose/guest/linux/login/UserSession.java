package io.interpose.guest.linux.login;

import io.interpose.guest.linux.Events;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.UserEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One interactive user session on the guest, as its login source records it.
 *
 * @param id the session's id: systemd-logind's session id ({@code "3"}, {@code "c1"}); for utmp, the pid
 *     of the login process ({@code ut_pid})
 * @param userName the user's name
 * @param uid the user's id, an unsigned 32-bit value; {@link #UNKNOWN_UID} when utmp's user name has no uid
 * @param terminal {@code "tty1"}, {@code "pts/3"}, an X display ({@code ":0"}); empty when the session has none
 * @param remoteAddress where the user came from (a host name or an address, as the source recorded it);
 *     empty for a local login
 */
public record UserSession(String id, String userName, int uid, String terminal, String remoteAddress) {

    /** {@code (uid_t) -1}: the kernel's "no user", for a name that has no uid. */
    public static final int UNKNOWN_UID = -1;

    public UserSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /** This session as a {@code USER_LOGIN} or {@code USER_LOGOUT} event observed at {@code observed}. */
    public Event toEvent(EventType type, Instant observed) {
        return Events.at(type, observed)
                .setUser(UserEvent.newBuilder().setUserName(userName).setUid(uid).setSessionId(id)
                        .setTerminal(terminal).setRemoteAddress(remoteAddress))
                .build();
    }
}
