/**
 * The Interpose partner SDK: what a partner's service VM links in to do Guest Introspection.
 *
 * <p>A partner implements {@link io.interpose.sdk.GuestIntrospectionService} and starts a
 * {@link io.interpose.sdk.GuestIntrospectionClient} with the {@link io.interpose.sdk.SvmEnvironment} read
 * from its {@code ovf-env.xml}. The client connects to the host's Context MUX over TLS, says hello,
 * subscribes, keeps the protection set, and reconnects by itself; the service answers events
 * ({@link io.interpose.sdk.GuestEvent}) and uses the {@link io.interpose.sdk.ServiceContext} for queries,
 * remediation, health and detections. The wire protocol is docs/gi-protocol.md; message types of the
 * {@code io.interpose.protocol.gi} package (events, results, enums) appear in this API as they are.
 *
 * <p><b>Nulls</b>: no method returns null; absent values are {@link java.util.Optional} or empty strings
 * and collections. Record constructors turn null strings and maps into empty ones.
 *
 * <p><b>Failures</b>: connection problems never throw into partner code; they are logged, reported by
 * {@link io.interpose.sdk.GuestIntrospectionClient#lastError()} and
 * {@link io.interpose.sdk.GuestIntrospectionService#onDisconnected}, and end in a reconnect. Queries and
 * remediation fail their futures with {@link io.interpose.sdk.GuestRequestException} carrying the
 * {@code ResultCode}. Invalid arguments (a verdict without a decision, a malformed environment) throw
 * {@link java.lang.IllegalArgumentException}; starting a client from an environment without a MUX throws
 * {@link java.lang.IllegalStateException}.
 *
 * <p><b>Threads</b>: one reader thread, one writer thread per session (frames batched per flush; a verdict,
 * query or remediation is written by the sending thread itself when nothing else is being written), a pool
 * of worker threads running the service's callbacks (all callbacks about one VM on one worker, in the order
 * the MUX sent them; different VMs in parallel; bounded event queues) or, with
 * {@code callbacksOnReaderThread()}, none, one thread completing request futures, one timer. Every public
 * type is thread-safe or immutable.
 */
package io.interpose.sdk;
