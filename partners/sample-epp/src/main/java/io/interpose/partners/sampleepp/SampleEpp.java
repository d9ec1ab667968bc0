package io.interpose.partners.sampleepp;

import io.interpose.protocol.gi.HealthState;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.SvmEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The sample endpoint protection appliance: reads its OVF environment ({@code --env PATH}, or the
 * environment variable {@value #ENV_VARIABLE}) with the partner SDK, prints what it received (secrets
 * masked), connects {@link EppService} to its host's Context MUX when the environment names one (else it
 * says Guest Introspection is not connected, and runs anyway), serves {@code GET /health} on loopback when
 * its {@code health_port} property is not 0, writes a {@code ready} file in its working directory, prints
 * {@code READY}, and runs until it is killed.
 *
 * <p>Exit status 2: bad arguments or an unreadable environment.
 */
public final class SampleEpp {
    static final String ENV_VARIABLE = "INTERPOSE_OVF_ENV";
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private SampleEpp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Path> envFile = environmentPath(args);
        if (envFile.isEmpty()) {
            System.err.println("usage: sample-epp --env PATH-TO-ovf-env.xml (or set " + ENV_VARIABLE + ")");
            System.exit(2);
        }
        SvmEnvironment environment;
        try {
            environment = SvmEnvironment.read(envFile.get());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("sample-epp: cannot read the OVF environment " + envFile.get() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        run(envFile.get(), environment);
    }

    private static void run(Path envFile, SvmEnvironment environment) throws IOException, InterruptedException {
        OUT.println("sample-epp: OVF environment " + envFile);
        environment.properties().forEach((key, value) -> OUT.println("  " + key + " = " + (isSecret(key) ? "******" : value)));
        Optional<GuestIntrospectionClient> gi = connect(environment);
        int port = Integer.parseInt(environment.property("health_port").orElse("0").strip());
        Optional<HealthEndpoint> health = port == 0 ? Optional.empty() : Optional.of(HealthEndpoint.start(port));
        health.ifPresent(h -> OUT.println("sample-epp: health endpoint on http://127.0.0.1:" + h.port() + "/health"));
        Files.writeString(Path.of("ready"), "ready\n");
        OUT.println("READY");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gi.ifPresent(GuestIntrospectionClient::close);
            health.ifPresent(HealthEndpoint::stop);
            OUT.println("sample-epp: stopping");
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts the Guest Introspection client when the environment allows it; prints what it did either way. */
    static Optional<GuestIntrospectionClient> connect(SvmEnvironment environment) {
        if (environment.muxAddress().isEmpty()) {
            OUT.println("sample-epp: no MUX address (" + SvmEnvironment.MUX_ADDRESS + " or " + SvmEnvironment.MUX_ADDRESS_VARIABLE
                    + "): Guest Introspection is not connected");
            return Optional.empty();
        }
        try {
            GuestIntrospectionClient client = GuestIntrospectionClient.builder(environment, new EppService())
                    .solutionVersion(Optional.ofNullable(SampleEpp.class.getPackage().getImplementationVersion()).orElse("dev")).start();
            client.context().reportHealth(HealthState.HEALTHY, "scanning");
            var address = environment.muxAddress().get();
            OUT.println("sample-epp: Guest Introspection connecting to the Context MUX at " + address.getHostString() + ":" + address.getPort());
            return Optional.of(client);
        } catch (IllegalStateException | IllegalArgumentException e) {
            OUT.println("sample-epp: Guest Introspection is not connected: " + e.getMessage());
            return Optional.empty();
        }
    }

    static Optional<Path> environmentPath(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--env")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.ofNullable(System.getenv(ENV_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** Keys whose values must never be printed. */
    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("token") || lower.contains("secret");
    }
}
