package io.interpose.compute.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Extracts an OVA into a {@link PackageDirectory}: the first entry must be the {@code .ovf} descriptor at
 * the top level; every entry must be a regular file with a safe name and a size within the limits.
 */
final class OvaExtraction {
    private final OvfLimits limits;
    private final PackageDirectory directory;

    OvaExtraction(OvfLimits limits, PackageDirectory directory) {
        this.limits = limits;
        this.directory = directory;
    }

    /** Extracts every entry and returns the descriptor file. */
    Path extract(InputStream in) throws IOException {
        TarReader tar = new TarReader(in);
        TarReader.Entry first = tar.next().orElseThrow(() -> OvfException.invalid("the OVA is an empty archive"));
        Path descriptor = descriptor(tar, first);
        for (var entry = tar.next(); entry.isPresent(); entry = tar.next()) {
            write(tar, entry.get(), limits.maxFileBytes(), "the OVA entry");
        }
        return descriptor;
    }

    private Path descriptor(TarReader tar, TarReader.Entry first) throws IOException {
        String name = first.name();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".ovf") || name.contains("/")) {
            throw OvfException.invalid("the first entry of an OVA must be the .ovf descriptor, but it is '" + name + "'");
        }
        return write(tar, first, limits.maxDescriptorBytes(), "the OVF descriptor");
    }

    private Path write(TarReader tar, TarReader.Entry entry, long maxBytes, String what) throws IOException {
        if (!entry.isRegularFile()) {
            throw OvfException.invalid(what + " '" + entry.name() + "' is " + entry.describeType()
                    + "; only regular files are accepted in an OVA");
        }
        directory.resolve(entry.name(), what);
        if (entry.size() > maxBytes) {
            throw OvfException.invalid(what + " '" + entry.name() + "' declares " + entry.size()
                    + " bytes, more than the limit of " + maxBytes);
        }
        return directory.write(entry.name(), tar.content(), maxBytes, what);
    }
}
