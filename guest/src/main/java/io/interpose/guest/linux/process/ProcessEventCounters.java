package io.interpose.guest.linux.process;

/**
 * What {@link ProcessEvents} has reported since it started.
 *
 * @param starts {@code PROCESS_START} events handed to the sink
 * @param exits {@code PROCESS_EXIT} events handed to the sink
 * @param lost times the socket's buffer overflowed and the kernel dropped events (each time one or more)
 */
public record ProcessEventCounters(long starts, long exits, long lost) {
}
