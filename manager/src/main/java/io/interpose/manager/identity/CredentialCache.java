package io.interpose.manager.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Remembers, for a short time, that a password was verified against a stored hash, so that HTTP Basic
 * (which sends the password on every request) does not pay for PBKDF2 on every call. An entry is keyed
 * by a SHA-256 of username, password and stored hash: the password itself is never kept, and a changed
 * hash makes old entries unreachable. Bounded: the least recently used entry goes first. Thread-safe.
 */
public final class CredentialCache {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_CAPACITY = 1024;

    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    public CredentialCache(Clock clock) {
        this(clock, DEFAULT_TTL, DEFAULT_CAPACITY);
    }

    public CredentialCache(Clock clock, Duration ttl, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (capacity < 1 || ttl.isNegative()) {
            throw new IllegalArgumentException("capacity must be positive and ttl not negative");
        }
        this.capacity = capacity;
    }

    /** True if this exact password was verified against this stored hash less than the TTL ago. */
    public synchronized boolean contains(String username, String password, String storedHash) {
        String key = key(username, password, storedHash);
        Entry entry = entries.get(key);
        if (entry != null && clock.instant().isBefore(entry.expiresAt())) {
            return true;
        }
        entries.remove(key);
        return false;
    }

    /** Records a successful verification. */
    public synchronized void put(String username, String password, String storedHash) {
        entries.put(key(username, password, storedHash), new Entry(username, clock.instant().plus(ttl)));
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** Drops every entry of {@code username} (its password, roles or existence changed). */
    public synchronized void forget(String username) {
        entries.values().removeIf(e -> e.username().equals(username));
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String key(String username, String password, String storedHash) {
        return Sha256.hexOfParts(username, password, storedHash);
    }

    private record Entry(String username, Instant expiresAt) {}
}
