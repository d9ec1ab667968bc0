package io.interpose.manager.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A real OVF package for tests ({@code appliances/test-svm}: a descriptor with small/medium/large
 * options, a {@code mgmt} network and a {@code license} property, and its SHA-256 manifest). The lab
 * runs it as a shell that prints READY and sleeps. Copied out of the classpath once per JVM, so that it
 * is a plain file whatever jar the test classes come from.
 */
public final class TestAppliance {
    private static final String[] FILES = {"test-svm.ovf", "test-svm.mf"};
    private static String url;

    private TestAppliance() {}

    /** The {@code file:} URL of the package's descriptor. */
    public static synchronized String url() {
        if (url == null) {
            url = copy().resolve("test-svm.ovf").toUri().toString();
        }
        return url;
    }

    private static Path copy() {
        try {
            Path dir = Files.createTempDirectory("interpose-test-svm");
            for (String name : FILES) {
                try (InputStream in = TestAppliance.class.getResourceAsStream("/appliances/test-svm/" + name)) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
