package io.interpose.partners.sampleepp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The sample endpoint protection appliance: reads its OVF environment ({@code --env PATH}, or the
 * environment variable {@value #ENV_VARIABLE}), prints what it received (secrets masked), serves
 * {@code GET /health} on loopback when its {@code health_port} property is not 0, writes a {@code ready}
 * file in its working directory, prints {@code READY}, and runs until it is killed.
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
        Map<String, String> properties;
        try {
            properties = EnvironmentFile.read(envFile.get());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("sample-epp: cannot read the OVF environment " + envFile.get() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        run(envFile.get(), properties);
    }

    private static void run(Path envFile, Map<String, String> properties) throws IOException, InterruptedException {
        OUT.println("sample-epp: OVF environment " + envFile);
        properties.forEach((key, value) -> OUT.println("  " + key + " = " + (isSecret(key) ? "******" : value)));
        int port = Integer.parseInt(properties.getOrDefault("health_port", "0").strip());
        Optional<HealthEndpoint> health = port == 0 ? Optional.empty() : Optional.of(HealthEndpoint.start(port));
        health.ifPresent(h -> OUT.println("sample-epp: health endpoint on http://127.0.0.1:" + h.port() + "/health"));
        Files.writeString(Path.of("ready"), "ready\n");
        OUT.println("READY");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.ifPresent(HealthEndpoint::stop);
            OUT.println("sample-epp: stopping");
            stopped.countDown();
        }));
        stopped.await();
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
