package io.interpose.guest.linux;

/**
 * What the file guard has done since it started.
 *
 * @param permissionEvents opens and executions held for an answer
 * @param notifications events sent without waiting (opens, executions and writes after the fact)
 * @param asked held events sent to the MUX for a verdict
 * @param allowed held events allowed (by a verdict, the default, or because no service decides them); opens of a file whose allow the kernel keeps (a cache hint) raise no event
 * @param denied held events denied (by a verdict, the default, a local rule or the quarantine)
 * @param defaulted asked events the link answered with the Interest's default (deadline, disconnect)
 * @param overloaded held events given the default at once because too many were waiting
 * @param ownEvents events caused by the agent itself (allowed at once, never sent)
 * @param overflows times the kernel reported a queue overflow
 * @param rescued held events read by the rescuer while the reader was stuck (normally 0)
 * @param unreadable events the kernel could not hand over because the agent was out of file descriptors
 *     (it denied the held ones)
 */
public record GuardCounters(long permissionEvents, long notifications, long asked, long allowed, long denied,
        long defaulted, long overloaded, long ownEvents, long overflows, long rescued,
        long unreadable) {
}
