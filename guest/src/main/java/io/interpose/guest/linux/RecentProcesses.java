package io.interpose.guest.linux;

import io.interpose.guest.linux.proc.ProcessIdentity;
import io.interpose.protocol.gi.ProcessContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Process contexts read recently, reused while the process is still the same run of the same program: a
 * program that opens a thousand files costs one full read of {@code /proc} (with its ancestors), then two
 * small reads per event ({@link ProcessIdentity}: start time and executable). An entry is read again after
 * {@code maxAgeNanos} (so a program that executes itself again with other arguments, or whose parent
 * changes, is seen within that time), and forgotten when full (it starts over).
 */
final class RecentProcesses implements ProcessLookup {

    private record Entry(ProcessIdentity identity, ProcessContext context, long readAtNanos) {
    }

    private final ProcessLookup full;
    private final IntFunction<Optional<ProcessIdentity>> identities;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private final int capacity;
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();

    RecentProcesses(ProcessLookup full, IntFunction<Optional<ProcessIdentity>> identities, LongSupplier nanoTime,
            long maxAgeNanos, int capacity) {
        this.full = full;
        this.identities = identities;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
        this.capacity = capacity;
    }

    @Override
    public Optional<ProcessContext> process(int pid) {
        Optional<ProcessIdentity> identity = identities.apply(pid);
        if (identity.isEmpty()) {
            entries.remove(pid);
            return full.process(pid);
        }
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(pid);
        if (entry != null && entry.identity().equals(identity.get()) && now - entry.readAtNanos() < maxAgeNanos) {
            return Optional.of(entry.context());
        }
        Optional<ProcessContext> context = full.process(pid);
        if (context.isPresent()) {
            if (entries.size() >= capacity) {
                entries.clear();
            }
            entries.put(pid, new Entry(identity.get(), context.get(), now));
        }
        return context;
    }
}
