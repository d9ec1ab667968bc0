package io.interpose.guest.linux;

import io.interpose.guest.link.LinkCounters;
import io.interpose.guest.linux.process.ProcessEventCounters;
import java.util.Optional;

/**
 * The agent's counters in the Prometheus text format (version 0.0.4), each labelled with the VM: what the
 * file guard held and how it was decided, what the link sent and got back, and the process events.
 */
final class AgentMetrics {

    private AgentMetrics() {
    }

    static String prometheus(String vmId, GuardCounters guard, LinkCounters link, Optional<ProcessEventCounters> processes) {
        StringBuilder out = new StringBuilder();
        String files = "interpose_guest_files_";
        counter(out, files + "permission_events", vmId, guard.permissionEvents());
        counter(out, files + "notifications", vmId, guard.notifications());
        counter(out, files + "asked", vmId, guard.asked());
        counter(out, files + "allowed", vmId, guard.allowed());
        counter(out, files + "denied", vmId, guard.denied());
        counter(out, files + "defaulted", vmId, guard.defaulted());
        counter(out, files + "overloaded", vmId, guard.overloaded());
        counter(out, files + "own_events", vmId, guard.ownEvents());
        counter(out, files + "overflows", vmId, guard.overflows());
        counter(out, files + "rescued", vmId, guard.rescued());
        counter(out, files + "unreadable", vmId, guard.unreadable());
        String links = "interpose_guest_link_";
        counter(out, links + "sent", vmId, link.sent());
        counter(out, links + "verdicts", vmId, link.verdicts());
        counter(out, links + "defaulted", vmId, link.defaulted());
        counter(out, links + "dropped", vmId, link.dropped());
        counter(out, links + "ignored_frames", vmId, link.ignoredFrames());
        counter(out, links + "unmatched_verdicts", vmId, link.unmatchedVerdicts());
        counter(out, links + "sessions", vmId, link.sessions());
        processes.ifPresent(p -> {
            counter(out, "interpose_guest_process_starts", vmId, p.starts());
            counter(out, "interpose_guest_process_exits", vmId, p.exits());
            counter(out, "interpose_guest_process_lost", vmId, p.lost());
        });
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String vmId, long value) {
        out.append("# TYPE ").append(name).append("_total counter\n").append(name).append("_total{vm=\"")
                .append(vmId.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(value).append('\n');
    }
}
