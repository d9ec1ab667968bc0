package io.interpose.sdk;

import java.time.Duration;

/** What a {@link GuestIntrospectionClient.Builder} settled, for the sessions it runs. */
record ClientSettings(SvmEnvironment environment, GuestIntrospectionService service, Verdict defaultVerdict,
        String solutionVersion, int sendQueueCapacity, Duration helloTimeout) {
}
