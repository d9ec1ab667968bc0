package io.interpose.compute.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a package is read from: a {@code file:} URL or an {@code http(s):} URL. {@link #open()} reads
 * the URL itself; {@link #openSibling(String)} reads a file next to it (the files of an {@code .ovf}
 * package, its manifest), empty when there is no such file.
 */
sealed interface PackageSource {

    /** The package's name: the last segment of the URL's path. */
    String name();

    /** @throws OvfException CANNOT_ACCESS if the URL cannot be read */
    InputStream open();

    /** @throws OvfException CANNOT_ACCESS if the file exists but cannot be read */
    Optional<InputStream> openSibling(String href);

    /**
     * The source for {@code url}.
     *
     * @throws OvfException CANNOT_ACCESS for a scheme other than file, http and https
     */
    static PackageSource of(URI url, HttpClient http, Duration requestTimeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> new LocalFile(Path.of(url));
            case "http", "https" -> new Http(url, http, requestTimeout);
            default -> throw new OvfException(OvfException.Kind.CANNOT_ACCESS,
                    "cannot fetch " + url + ": only file, http and https URLs are supported");
        };
    }

    /** A package on the local file system. */
    record LocalFile(Path path) implements PackageSource {
        @Override
        public String name() {
            return path.getFileName() == null ? "" : path.getFileName().toString();
        }

        @Override
        public InputStream open() {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw OvfException.inaccessible("cannot read the package " + path + ": " + e, e);
            }
        }

        @Override
        public Optional<InputStream> openSibling(String href) {
            Path sibling = path.resolveSibling(href);
            try {
                return Optional.of(Files.newInputStream(sibling));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw OvfException.inaccessible("cannot read " + sibling + ": " + e, e);
            }
        }
    }

    /** A package on a web server; redirects are followed (never from https to http). */
    record Http(URI url, HttpClient client, Duration requestTimeout) implements PackageSource {
        @Override
        public String name() {
            String path = url.getPath() == null ? "" : url.getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public InputStream open() {
            return get(url).orElseThrow(() -> new OvfException(OvfException.Kind.CANNOT_ACCESS,
                    "cannot fetch " + url + ": HTTP 404 (not found)"));
        }

        @Override
        public Optional<InputStream> openSibling(String href) {
            return get(url.resolve(href));
        }

        private Optional<InputStream> get(URI target) {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(requestTimeout).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    return Optional.of(response.body());
                }
                response.body().close();
                if (response.statusCode() == 404 || response.statusCode() == 410) {
                    return Optional.empty();
                }
                throw new OvfException(OvfException.Kind.CANNOT_ACCESS,
                        "cannot fetch " + target + ": HTTP " + response.statusCode());
            } catch (IOException e) {
                throw OvfException.inaccessible("cannot fetch " + target + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OvfException.inaccessible("interrupted while fetching " + target, e);
            }
        }
    }
}
