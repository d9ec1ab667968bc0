package io.interpose.guest.simulated;

import java.time.Instant;
import java.util.List;

/** A process of a simulated guest. */
record SimulatedProcess(int pid, int ppid, String executable, List<String> arguments, int uid, String userName,
                        Instant started) {

    SimulatedProcess {
        arguments = List.copyOf(arguments);
    }
}
