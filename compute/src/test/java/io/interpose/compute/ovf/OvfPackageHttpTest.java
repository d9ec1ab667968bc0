package io.interpose.compute.ovf;

import static io.interpose.compute.ovf.TestPackages.contents;
import static io.interpose.compute.ovf.TestPackages.manifest;
import static io.interpose.compute.ovf.TestPackages.ova;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading packages over HTTP from a loopback server, and .ovf packages with their files beside them. */
class OvfPackageHttpTest {
    @TempDir
    Path temp;

    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final OvfPackageLoader loader = new OvfPackageLoader(
            new OvfLimits(4096, 4096, 100_000, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void anOvaIsLoadedOverHttp() throws IOException {
        served.put("/pkgs/pkg.ova", ova());

        OvfPackage pkg = loader.load(url("/pkgs/pkg.ova"), temp.resolve("work"));

        assertThat(Files.readString(pkg.file("f1"))).isEqualTo(TestPackages.DATA);
        pkg.requireStrongManifest();
    }

    @Test
    void anOvfIsLoadedOverHttpWithItsFilesAndManifestBesideIt() throws IOException {
        serveLoose("/pkgs/", manifest("SHA256", contents()));

        OvfPackage pkg = loader.load(url("/pkgs/pkg.ovf"), temp.resolve("work"));

        assertThat(Files.readString(pkg.file("f0"))).isEqualTo(TestPackages.APP);
        assertThat(pkg.manifest()).isPresent();
        assertThat(requested).containsExactly("/pkgs/pkg.ovf", "/pkgs/app.sh", "/pkgs/data.bin", "/pkgs/pkg.mf");
    }

    @Test
    void anOvfWithoutManifestLoadsWhenTheManifestIs404() {
        serveLoose("/pkgs/", null);

        assertThat(loader.load(url("/pkgs/pkg.ovf"), temp.resolve("work")).manifest()).isEmpty();
    }

    @Test
    void anOvfIsLoadedFromAFileUrlWithItsFilesBesideIt() throws IOException {
        Path source = Files.createDirectories(temp.resolve("source"));
        for (Map.Entry<String, String> file : contents().entrySet()) {
            Files.writeString(source.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(source.resolve("pkg.mf"), manifest("SHA256", contents()));

        OvfPackage pkg = loader.load(source.resolve("pkg.ovf").toUri(), temp.resolve("work"));

        assertThat(pkg.directory()).isEqualTo(temp.resolve("work"));
        assertThat(Files.readString(pkg.file("f1"))).isEqualTo(TestPackages.DATA);
        pkg.requireStrongManifest();
    }

    @Test
    void aMissingPackageIsInaccessible() {
        assertThatThrownBy(() -> loader.load(url("/nothing.ova"), temp.resolve("work")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS))
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> loader.load(url("/fail/pkg.ova"), temp.resolve("work2")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS))
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void anUnreachableServerIsInaccessible() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/pkg.ova");

        assertThatThrownBy(() -> loader.load(unreachable, temp.resolve("work")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS))
                .hasMessageContaining(unreachable.toString());
    }

    @Test
    void aReferencedFileThatIsNotServedIsMissingFromThePackage() {
        serveLoose("/pkgs/", null);
        served.remove("/pkgs/data.bin");

        assertThatThrownBy(() -> loader.load(url("/pkgs/pkg.ovf"), temp.resolve("work")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.INVALID_FORMAT))
                .hasMessageContaining("'data.bin' (ovf:id 'f1') referenced by the descriptor is missing");
    }

    @Test
    void hrefsThatLeaveThePackageAreRefusedBeforeAnythingIsFetched() {
        served.put("/secret", "secret".getBytes(UTF_8));
        for (String href : new String[] {"../secret", "/secret", "http://127.0.0.1:1/secret"}) {
            served.put("/pkgs/bad.ovf", TestPackages.descriptor(Map.of(href, "secret")).getBytes(UTF_8));
            requested.clear();

            assertThatThrownBy(() -> loader.load(url("/pkgs/bad.ovf"), temp.resolve("work-" + href.length())))
                    .isInstanceOf(OvfException.class).hasMessageContaining("'" + href + "'");
            assertThat(requested).containsExactly("/pkgs/bad.ovf");
        }
    }

    @Test
    void aPackageLargerThanTheLimitIsRefusedWhileDownloading() {
        served.put("/big.ova", new TarBuilder().file("pkg.ovf", contents().get("pkg.ovf"))
                .file("huge.bin", new byte[3000]).file("huge2.bin", new byte[3000]).build());
        OvfPackageLoader small = new OvfPackageLoader(new OvfLimits(4096, 4096, 5000, Duration.ofSeconds(5), Duration.ofSeconds(5)));

        assertThatThrownBy(() -> small.load(url("/big.ova"), temp.resolve("work")))
                .hasMessageContaining("the package is larger than the limit of 5000 bytes");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsInaccessible() {
        OvfPackageLoader impatient = new OvfPackageLoader(
                new OvfLimits(4096, 4096, 100_000, Duration.ofSeconds(5), Duration.ofMillis(300)));

        assertThatThrownBy(() -> impatient.load(url("/hang/pkg.ova"), temp.resolve("work")))
                .isInstanceOfSatisfying(OvfException.class, e -> assertThat(e.kind()).isEqualTo(OvfException.Kind.CANNOT_ACCESS))
                .hasMessageContaining("timed out");
    }

    private void serveLoose(String prefix, String manifest) {
        contents().forEach((name, content) -> served.put(prefix + name, content.getBytes(UTF_8)));
        if (manifest != null) {
            served.put(prefix + "pkg.mf", manifest.getBytes(UTF_8));
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requested.add(path);
        if (path.startsWith("/hang/")) {
            awaitRelease();
        }
        byte[] body = served.get(path);
        int status = path.startsWith("/fail/") ? 500 : body == null ? 404 : 200;
        byte[] content = body == null ? new byte[0] : body;
        exchange.sendResponseHeaders(status, content.length == 0 ? -1 : content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
