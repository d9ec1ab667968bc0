package io.interpose.guest.linux;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allow verdicts the services said may be reused ({@code cache_ttl_ms}), per event type and file: a
 * later event of the same type on the same file, unchanged since (same size, modification and change
 * times), is allowed without asking until the time to live ends. Deny verdicts are never reused (a
 * service may deny one process and allow another). Cleared when the Interest changes, since other
 * services may now decide. Bounded: when full it starts over.
 */
final class VerdictCache {

    private record Key(EventType type, long device, long inode) {
    }

    private record Entry(long size, long modified, long changed, long expiresMillis) {
    }

    private final InstantSource clock;
    private final int capacity;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    VerdictCache(InstantSource clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    boolean allows(EventType type, FileContext file) {
        Key key = key(type, file);
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        if (entry.expiresMillis() <= clock.millis() || !entry.equals(entry(file, entry.expiresMillis()))) {
            entries.remove(key, entry);
            return false;
        }
        return true;
    }

    void allow(EventType type, FileContext file, long ttlMillis) {
        if (ttlMillis <= 0 || file.getInode() == 0) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key(type, file), entry(file, clock.millis() + ttlMillis));
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private static Key key(EventType type, FileContext file) {
        return new Key(type, file.getDevice(), file.getInode());
    }

    private static Entry entry(FileContext file, long expiresMillis) {
        return new Entry(file.getSize(), file.getModifyTimeUnixNanos(), file.getChangeTimeUnixNanos(), expiresMillis);
    }
}
