package io.interpose.guest.linux.proc;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The kernel's clock tick for user space ({@code sysconf(_SC_CLK_TCK)}, "USER_HZ"), the unit of the times in
 * {@code /proc/<pid>/stat}. It is 100 on every architecture Linux runs on today; that is also the answer when
 * the C library cannot be called.
 */
final class ClockTicks {

    static final long USUAL = 100;
    private static final int SC_CLK_TCK = 2;

    private ClockTicks() {
    }

    /** Ticks per second. */
    static long perSecond() {
        try {
            long ticks = Native.load("c", C.class).sysconf(SC_CLK_TCK);
            return ticks > 0 ? ticks : USUAL;
        } catch (LinkageError e) {
            return USUAL;
        }
    }

    /** The one C function this class needs. */
    interface C extends Library {
        long sysconf(int name);
    }
}
