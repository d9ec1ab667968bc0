package io.interpose.guest.linux.proc;

/** One run of a program: a pid, when the process started, and the program it runs now. */
public record ProcessIdentity(int pid, long startTimeUnixNanos, String executable) {
}
