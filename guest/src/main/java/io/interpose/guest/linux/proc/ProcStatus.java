package io.interpose.guest.linux.proc;

import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/status} the agent uses: {@code PPid:} and the effective uid, the second
 * of the four ids on the {@code Uid:} line (real, effective, saved, file system).
 */
record ProcStatus(int ppid, int effectiveUid) {

    /** Parses the file's text; empty when a field is missing (the process vanished while it was read). */
    static Optional<ProcStatus> parse(String text) {
        Integer ppid = null;
        Integer uid = null;
        try {
            for (String line : text.split("\n")) {
                if (line.startsWith("PPid:")) {
                    ppid = Integer.parseInt(line.substring(5).strip());
                } else if (line.startsWith("Uid:")) {
                    uid = Integer.parseUnsignedInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
        return ppid == null || uid == null ? Optional.empty() : Optional.of(new ProcStatus(ppid, uid));
    }
}
