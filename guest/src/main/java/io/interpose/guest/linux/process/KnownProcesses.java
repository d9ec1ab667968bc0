package io.interpose.guest.linux.process;

import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contexts of processes seen starting (at their exec, or at their fork from a known parent), by
 * pid, so that their exit can name the program. Bounded: beyond {@code capacity} the oldest entry is
 * dropped (its exit then names the pid only). For one thread.
 */
final class KnownProcesses {

    static final int MAX_ANCESTORS = 16;

    private final Map<Integer, ProcessContext> contexts;

    KnownProcesses(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.contexts = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ProcessContext> eldest) {
                return size() > capacity;
            }
        };
    }

    void remember(ProcessContext process) {
        contexts.remove(process.getPid());
        contexts.put(process.getPid(), process);
    }

    Optional<ProcessContext> get(int pid) {
        return Optional.ofNullable(contexts.get(pid));
    }

    Optional<ProcessContext> forget(int pid) {
        return Optional.ofNullable(contexts.remove(pid));
    }

    /**
     * A child forked by a known parent runs the parent's program until it execs: remember the parent's
     * context for it, with its own pid, the parent first among its ancestors, and no start time (unknown
     * without reading procfs).
     */
    void forked(int parentPid, int childPid) {
        get(parentPid).ifPresent(parent -> remember(parent.toBuilder().setPid(childPid).setPpid(parentPid)
                .clearStartTimeUnixNanos().clearAncestors().addAllAncestors(ancestorsOfChild(parent)).build()));
    }

    private static List<ProcessAncestor> ancestorsOfChild(ProcessContext parent) {
        List<ProcessAncestor> ancestors = new ArrayList<>(MAX_ANCESTORS);
        ancestors.add(ProcessAncestor.newBuilder().setPid(parent.getPid()).setExecutable(parent.getExecutable())
                .setStartTimeUnixNanos(parent.getStartTimeUnixNanos()).build());
        parent.getAncestorsList().stream().limit(MAX_ANCESTORS - 1L).forEach(ancestors::add);
        return ancestors;
    }

    int size() {
        return contexts.size();
    }
}
