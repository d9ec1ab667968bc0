package io.interpose.guest.simulated;

import io.interpose.guest.link.GuestLink;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a simulated guest's events as the current Interest asks: types in {@code decide} through
 * {@link GuestLink#decide} (the future tells whether the operation may happen, and the verdict is recorded in
 * {@link Outcomes}), types in {@code notify} through {@link GuestLink#notify}, others not at all (both: the
 * operation happens).
 */
final class Emitter {

    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private final SimulatedVm vm;
    private final GuestLink link;
    private final Outcomes outcomes;

    Emitter(SimulatedVm vm, GuestLink link, Outcomes outcomes) {
        this.vm = vm;
        this.link = link;
        this.outcomes = outcomes;
    }

    /** An event of {@code type} caused by {@code actor}, observed now. */
    Event.Builder event(EventType type, SimulatedProcess actor) {
        return Event.newBuilder().setType(type).setTimeUnixNanos(SimulatedFile.nanos(vm.clock.instant()))
                .setProcess(vm.processes.context(actor));
    }

    /** Sends the event if asked for; completes with whether the operation may go on. */
    CompletableFuture<Boolean> emit(Event.Builder event, String subject) {
        EventType type = event.getType();
        return switch (link.interest().mode(type)) {
            case NONE -> DONE;
            case NOTIFY -> {
                link.notify(event.build());
                yield DONE;
            }
            case DECIDE -> link.decide(event.build()).thenApply(verdict -> judged(type, subject, verdict));
        };
    }

    /** Records an operation refused without asking (a path a remediation denied). */
    void deniedLocally(EventType type, String subject) {
        outcomes.denied(vm.clock.instant(), type, subject, "local: deny_access");
    }

    private boolean judged(EventType type, String subject, Verdict verdict) {
        if (verdict.getDecision() != Decision.DENY) {
            outcomes.allowed();
            return true;
        }
        String why = verdict.getSource() == VerdictSource.GUEST_DEFAULT ? verdict.getReason()
                : "MUX: " + verdict.getSource() + (verdict.getReason().isEmpty() ? "" : " " + verdict.getReason());
        outcomes.denied(vm.clock.instant(), type, subject, why);
        return false;
    }
}
