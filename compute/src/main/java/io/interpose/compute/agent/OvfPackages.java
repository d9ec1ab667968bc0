package io.interpose.compute.agent;

import io.interpose.compute.ovf.ApplianceSpec;
import io.interpose.compute.ovf.OvfDescriptor;
import io.interpose.compute.ovf.OvfException;
import io.interpose.compute.ovf.OvfLimits;
import io.interpose.compute.ovf.OvfPackage;
import io.interpose.compute.ovf.OvfPackageLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs OVF appliances: a {@link PackageSource} whose url is an OVF package ({@code .ova} or {@code .ovf},
 * from {@code file:} or {@code http(s):}), with the deployment option to run as the URL's fragment
 * ({@code https://vendor.example/svm.ova#MEDIUM}). The package is fetched, verified and unpacked once per
 * URL into a cache directory; the command and memory come from its {@code io.interpose.appliance}
 * ProductSection (docs/appliance-format.md). Fetch failures become {@link PackageException}s of kind
 * UNREACHABLE, anything wrong with the package INVALID.
 */
public final class OvfPackages implements PackageLoader {
    private final Path cache;
    private final OvfPackageLoader loader;
    private final Map<String, OvfPackage> loaded = new ConcurrentHashMap<>();

    public OvfPackages(Path cache, OvfLimits limits) {
        this.cache = cache;
        this.loader = new OvfPackageLoader(limits);
    }

    /** The package source for an OVF URL and a deployment option (form factor). */
    public static PackageSource source(String ovfUrl, String deploymentOption, int memoryHintMib) {
        String url = ovfUrl.contains("#") ? ovfUrl.substring(0, ovfUrl.indexOf('#')) : ovfUrl;
        return new PackageSource(url + "#" + deploymentOption, List.of(), memoryHintMib);
    }

    @Override
    public SvmPackage load(PackageSource source) {
        String url = source.url();
        int hash = url.indexOf('#');
        String packageUrl = hash < 0 ? url : url.substring(0, hash);
        String option = hash < 0 ? "" : url.substring(hash + 1);
        try {
            OvfPackage ovf = loaded.computeIfAbsent(packageUrl, this::fetch);
            OvfDescriptor descriptor = ovf.descriptor();
            descriptor.requireSingleVirtualSystem();
            ApplianceSpec spec = ApplianceSpec.of(descriptor);
            String configuration = configuration(descriptor, option);
            List<String> command = spec.command(ovf.directory(), Path.of(SvmPackage.ENVIRONMENT_FILE), configuration);
            return new SvmPackage(ovf.directory(), command, Math.toIntExact(spec.memoryMiB(configuration)));
        } catch (OvfException e) {
            loaded.remove(packageUrl);
            throw new PackageException(e.kind() == OvfException.Kind.CANNOT_ACCESS ? PackageException.Kind.UNREACHABLE
                    : PackageException.Kind.INVALID, packageUrl, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PackageException(PackageException.Kind.INVALID, packageUrl, e.getMessage());
        }
    }

    private static String configuration(OvfDescriptor descriptor, String option) {
        if (option.isEmpty()) {
            return "";
        }
        return descriptor.deploymentOptions().stream().filter(o -> o.id().equalsIgnoreCase(option)).findFirst()
                .map(o -> o.id()).orElseThrow(() -> new IllegalArgumentException("the package has no deployment option '" + option
                        + "'; it has " + descriptor.deploymentOptions().stream().map(o -> o.id()).toList()));
    }

    private OvfPackage fetch(String packageUrl) {
        Path directory = cache.resolve(digest(packageUrl));
        try {
            if (Files.exists(directory)) {
                try (var files = Files.walk(directory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new OvfException(OvfException.Kind.CANNOT_ACCESS, "cannot prepare " + directory + ": " + e.getMessage(), e);
        }
        return loader.load(URI.create(packageUrl), directory);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
