package io.interpose.compute.ovf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads an OVF package from a {@code file:} or {@code http(s):} URL into a work directory: an OVA (a
 * ustar archive whose first entry is the {@code .ovf} descriptor) or an {@code .ovf} descriptor with the
 * files it references beside it (same directory or URL prefix). A URL whose path ends in {@code .ova},
 * or whose content starts with a ustar header, is an OVA.
 *
 * <p>Refused, with an {@link OvfException}: an unreachable URL, a missing file or HTTP error status
 * (CANNOT_ACCESS); and (INVALID_FORMAT) a descriptor, file or package over {@link OvfLimits}; an archive
 * that is truncated, corrupt, not ustar, or whose entries are links, directories, special files, or
 * names that would escape the directory; a descriptor that is not first, or not acceptable to
 * {@link OvfDescriptor#parse(byte[])}; a referenced file that is missing or not of its declared size;
 * hrefs that are absolute or climb out with {@code ..}; a manifest ({@code <descriptor name>.mf}) with
 * a bad line, a digest that does not match, or that leaves the descriptor or a referenced file unlisted.
 * A refused package leaves the work directory empty.
 *
 * <p>Thread-safe; one loader may serve many loads.
 */
public final class OvfPackageLoader {
    private final OvfLimits limits;
    private final HttpClient http;

    public OvfPackageLoader(OvfLimits limits, HttpClient http) {
        this.limits = limits;
        this.http = http;
    }

    /** A loader with its own HTTP client (connect timeout from {@code limits}, redirects followed). */
    public OvfPackageLoader(OvfLimits limits) {
        this(limits, HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    /**
     * Loads the package at {@code url} into {@code workDirectory} (created if absent).
     *
     * @throws OvfException as described on the class
     * @throws IllegalArgumentException if {@code workDirectory} exists and is not empty
     */
    public OvfPackage load(URI url, Path workDirectory) {
        PackageSource source = PackageSource.of(url, http, limits.requestTimeout());
        PackageDirectory directory = openDirectory(workDirectory);
        try {
            return load(url, source, directory);
        } catch (IOException e) {
            directory.deleteAll();
            throw OvfException.inaccessible("cannot load the package " + url + ": " + e, e);
        } catch (RuntimeException e) {
            directory.deleteAll();
            throw e;
        }
    }

    private OvfPackage load(URI url, PackageSource source, PackageDirectory directory) throws IOException {
        Path descriptorFile;
        try (InputStream in = new BufferedInputStream(source.open(), 64 * 1024)) {
            descriptorFile = isOva(source, in) ? new OvaExtraction(limits, directory).extract(in)
                    : copyOvf(in, source, directory);
        }
        OvfDescriptor descriptor = OvfDescriptor.parse(Files.readAllBytes(descriptorFile));
        checkReferencedFiles(descriptor, directory);
        Optional<OvfManifest> manifest = manifest(descriptorFile, descriptor, directory);
        return new OvfPackage(url, directory.root(), descriptorFile, descriptor, manifest);
    }

    private Path copyOvf(InputStream in, PackageSource source, PackageDirectory directory) throws IOException {
        String name = source.name();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".ovf")) {
            throw OvfException.invalid("'" + name + "' is neither an OVA (a ustar archive) nor an .ovf descriptor");
        }
        Path descriptorFile = directory.write(name, in, limits.maxDescriptorBytes(), "the OVF descriptor");
        OvfDescriptor descriptor = OvfDescriptor.parse(Files.readAllBytes(descriptorFile));
        for (FileReference file : descriptor.files()) {
            directory.resolve(file.href(), "the href of References/File '" + file.id() + "'");
            try (InputStream content = source.openSibling(file.href()).orElseThrow(() -> missing(file))) {
                directory.write(file.href(), content, limits.maxFileBytes(), "the file");
            }
        }
        Optional<InputStream> manifest = source.openSibling(manifestName(descriptorFile));
        if (manifest.isPresent()) {
            try (InputStream content = manifest.get()) {
                directory.write(manifestName(descriptorFile), content, limits.maxDescriptorBytes(), "the manifest");
            }
        }
        return descriptorFile;
    }

    private static void checkReferencedFiles(OvfDescriptor descriptor, PackageDirectory directory) throws IOException {
        for (FileReference file : descriptor.files()) {
            Path path = directory.resolve(file.href(), "the href of References/File '" + file.id() + "'");
            if (!directory.contains(file.href())) {
                throw missing(file);
            }
            long size = Files.size(path);
            if (file.size().isPresent() && file.size().getAsLong() != size) {
                throw OvfException.invalid("the file '" + file.href() + "' has " + size + " bytes, but the descriptor"
                        + " declares ovf:size=\"" + file.size().getAsLong() + "\"");
            }
        }
    }

    private Optional<OvfManifest> manifest(Path descriptorFile, OvfDescriptor descriptor, PackageDirectory directory)
            throws IOException {
        String name = manifestName(descriptorFile);
        if (!directory.contains(name)) {
            return Optional.empty();
        }
        Path path = directory.resolve(name, "the manifest");
        if (Files.size(path) > limits.maxDescriptorBytes()) {
            throw OvfException.invalid("the manifest '" + name + "' is larger than " + limits.maxDescriptorBytes() + " bytes");
        }
        OvfManifest manifest = OvfManifest.parse(Files.readString(path, StandardCharsets.UTF_8));
        manifest.verify(directory);
        requireListed(manifest, descriptorFile.getFileName().toString());
        descriptor.files().forEach(file -> requireListed(manifest, file.href()));
        return Optional.of(manifest);
    }

    private static void requireListed(OvfManifest manifest, String name) {
        if (manifest.entries(name).isEmpty()) {
            throw OvfException.invalid("the manifest does not list '" + name + "'");
        }
    }

    private static OvfException missing(FileReference file) {
        return OvfException.invalid("the file '" + file.href() + "' (ovf:id '" + file.id()
                + "') referenced by the descriptor is missing from the package");
    }

    private static String manifestName(Path descriptorFile) {
        String name = descriptorFile.getFileName().toString();
        return name.substring(0, name.length() - ".ovf".length()) + ".mf";
    }

    /** An OVA when its name says so, or when its content starts with a ustar header. */
    private static boolean isOva(PackageSource source, InputStream in) throws IOException {
        if (source.name().toLowerCase(Locale.ROOT).endsWith(".ova")) {
            return true;
        }
        in.mark(TarReader.BLOCK);
        byte[] header = in.readNBytes(TarReader.BLOCK);
        in.reset();
        return header.length == TarReader.BLOCK
                && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    private PackageDirectory openDirectory(Path workDirectory) {
        try {
            return PackageDirectory.open(workDirectory, limits);
        } catch (IOException e) {
            throw OvfException.inaccessible("cannot create the package work directory " + workDirectory + ": " + e, e);
        }
    }
}
