package io.interpose.guest.linux.proc;

import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} the agent uses. The second field, the command name in parentheses,
 * may itself hold spaces and parentheses ({@code 12 (odd (name) x) S 1 ...}), so the line is split after
 * its last {@code ')'}.
 *
 * @param command    the command name (at most 15 bytes, set by the kernel from the program or {@code prctl})
 * @param ppid       the parent's pid (0 for pid 1 and for kernel threads' parent, kthreadd)
 * @param kernelThread whether the kernel's {@code PF_KTHREAD} flag is set
 * @param startTicks when the process started, in clock ticks since boot
 */
record StatLine(String command, int ppid, boolean kernelThread, long startTicks) {

    private static final long PF_KTHREAD = 0x0020_0000L;
    private static final int PPID = 1;
    private static final int FLAGS = 6;
    private static final int START_TIME = 19;

    /** Parses one stat line; empty when it is not one (a process that vanished leaves an empty file). */
    static Optional<StatLine> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 1).strip().split(" ");
        if (fields.length <= START_TIME) {
            return Optional.empty();
        }
        try {
            boolean kernelThread = (Long.parseUnsignedLong(fields[FLAGS]) & PF_KTHREAD) != 0;
            return Optional.of(new StatLine(line.substring(open + 1, close), Integer.parseInt(fields[PPID]),
                    kernelThread, Long.parseLong(fields[START_TIME])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
