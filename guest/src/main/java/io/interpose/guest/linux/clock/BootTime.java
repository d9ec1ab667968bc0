package io.interpose.guest.linux.clock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * {@code clock_gettime(CLOCK_BOOTTIME)}: monotonic like {@code CLOCK_MONOTONIC} (Java's
 * {@code System.nanoTime}), but counting the time the guest was suspended too, so a resume is not a clock
 * jump. {@code struct timespec} is two 64-bit words on x86_64 and aarch64.
 */
final class BootTime {

    private static final int CLOCK_BOOTTIME = 7;

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private BootTime() {
    }

    private static native int clock_gettime(int clock, long[] timespec) throws LastErrorException;

    static long nanos() {
        long[] timespec = new long[2];
        clock_gettime(CLOCK_BOOTTIME, timespec);
        return timespec[0] * 1_000_000_000L + timespec[1];
    }
}
