package io.interpose.host.mux;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Everything the Context MUX needs to start.
 *
 * @param hostId the host this MUX serves: SVMs must name it in their hello
 * @param guestSocket the Unix domain socket thin agents connect to (a stale file is replaced)
 * @param partnerBind where SVMs connect over TLS (port 0: an ephemeral port)
 * @param partnerTls presents the host's certificate (subject CN = host id); no client certificate is asked
 * @param guestCredentials verifies each VM's guest credential
 * @param meters where the MUX's metrics go
 * @param clock wall time for health (connected since) and session ids; deadlines use the monotonic clock
 * @param limits queue bounds and timeouts
 */
public record MuxConfig(String hostId, Path guestSocket, InetSocketAddress partnerBind, SSLContext partnerTls,
        GuestCredentials guestCredentials, MeterRegistry meters, Clock clock, MuxLimits limits) {

    public MuxConfig {
        if (Objects.requireNonNull(hostId, "hostId").isBlank()) {
            throw new IllegalArgumentException("hostId is blank");
        }
        Objects.requireNonNull(guestSocket, "guestSocket");
        Objects.requireNonNull(partnerBind, "partnerBind");
        Objects.requireNonNull(partnerTls, "partnerTls");
        Objects.requireNonNull(guestCredentials, "guestCredentials");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
    }
}
