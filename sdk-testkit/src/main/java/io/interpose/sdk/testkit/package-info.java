/**
 * Test support for partners: {@link io.interpose.sdk.testkit.FakeMux}, a real TLS Context MUX on a
 * loopback port for unit tests of a {@link io.interpose.sdk.GuestIntrospectionService}, with in-memory
 * guests ({@link io.interpose.sdk.testkit.FakeGuests}) or a test's own
 * {@link io.interpose.sdk.testkit.GuestResponder}, and {@link io.interpose.sdk.testkit.GuestEvents} to build
 * events. No method returns null. Waiting methods ({@code verdict}, {@code awaitSubscribed}) throw
 * {@link java.lang.AssertionError} when time runs out, so a test fails with a clear message.
 */
package io.interpose.sdk.testkit;
