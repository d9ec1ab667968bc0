package io.interpose.guest.linux;

import io.interpose.guest.link.CurrentInterest;
import io.interpose.guest.link.CurrentInterest.Mode;
import io.interpose.protocol.gi.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marks of both fanotify groups on the watched paths, kept to what someone consumes: a type a
 * service decides becomes a permission event (the opener waits), a type it is only told of becomes a
 * notification (nobody waits), a type nobody wants is not marked at all. While local rules are active,
 * every open is a permission event, so that they hold whatever the services want.
 */
final class Marks {

    private static final Logger log = LoggerFactory.getLogger(Marks.class);

    /** FAN_OPEN, FAN_OPEN_EXEC: notifications after the fact. */
    static final long FAN_OPEN = 0x20;
    static final long FAN_OPEN_EXEC = 0x1000;

    private final Fanotify permissions;
    private final Fanotify notifications;
    private final List<Path> paths;
    private final MarkScope scope;
    private long permissionMask;
    private long notificationMask;

    Marks(Fanotify permissions, Fanotify notifications, List<Path> paths, MarkScope scope) {
        this.permissions = permissions;
        this.notifications = notifications;
        this.paths = List.copyOf(paths);
        this.scope = scope;
    }

    /** Marks what {@code interest} and the local rules need, and unmarks the rest. */
    synchronized void update(CurrentInterest interest, boolean localRulesActive) throws IOException {
        Mode open = interest.mode(EventType.FILE_OPEN);
        Mode exec = interest.mode(EventType.FILE_EXEC);
        long permission = (open == Mode.DECIDE || localRulesActive ? LinuxNative.FAN_OPEN_PERM : 0)
                | (exec == Mode.DECIDE ? LinuxNative.FAN_OPEN_EXEC_PERM : 0);
        long notification = (open == Mode.NOTIFY ? FAN_OPEN : 0) | (exec == Mode.NOTIFY ? FAN_OPEN_EXEC : 0)
                | (interest.wants(EventType.FILE_CLOSE_WRITE) ? LinuxNative.FAN_CLOSE_WRITE : 0);
        if (permission != permissionMask || notification != notificationMask) {
            log.info("Watching {}: holding {}, told of {}", paths, names(permission), names(notification));
        }
        permissionMask = change(permissions, permissionMask, permission);
        notificationMask = change(notifications, notificationMask, notification);
    }

    /** The event types a mask of either group stands for, for the log. */
    private static List<EventType> names(long mask) {
        List<EventType> types = new ArrayList<>();
        if ((mask & (LinuxNative.FAN_OPEN_PERM | FAN_OPEN)) != 0) {
            types.add(EventType.FILE_OPEN);
        }
        if ((mask & (LinuxNative.FAN_OPEN_EXEC_PERM | FAN_OPEN_EXEC)) != 0) {
            types.add(EventType.FILE_EXEC);
        }
        if ((mask & LinuxNative.FAN_CLOSE_WRITE) != 0) {
            types.add(EventType.FILE_CLOSE_WRITE);
        }
        return types;
    }

    synchronized long permissionMask() {
        return permissionMask;
    }

    synchronized long notificationMask() {
        return notificationMask;
    }

    private long change(Fanotify group, long from, long to) throws IOException {
        for (Path path : paths) {
            group.mark(path, scope, to & ~from);
            group.unmark(path, scope, from & ~to);
        }
        return to;
    }
}
