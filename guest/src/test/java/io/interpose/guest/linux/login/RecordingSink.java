package io.interpose.guest.linux.login;

import io.interpose.guest.linux.EventSink;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event sink that wants the given types and keeps what it is sent. */
final class RecordingSink implements EventSink {

    private final Set<EventType> wanted;
    private final List<EventType> asked = new CopyOnWriteArrayList<>();
    private final List<Event> sent = new CopyOnWriteArrayList<>();

    private RecordingSink(Set<EventType> wanted) {
        this.wanted = wanted;
    }

    static RecordingSink wantingLogins() {
        return new RecordingSink(EnumSet.of(EventType.USER_LOGIN, EventType.USER_LOGOUT));
    }

    static RecordingSink wantingNothing() {
        return new RecordingSink(EnumSet.noneOf(EventType.class));
    }

    @Override
    public boolean wants(EventType type) {
        asked.add(type);
        return wanted.contains(type);
    }

    @Override
    public boolean send(Event event) {
        sent.add(event);
        return true;
    }

    List<EventType> asked() {
        return List.copyOf(asked);
    }

    /** What was sent since the last call. */
    List<Event> take() {
        List<Event> events = List.copyOf(sent);
        sent.clear();
        return events;
    }
}
