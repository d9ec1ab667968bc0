package io.interpose.compute.ovf;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A package loaded by {@link OvfPackageLoader} into {@code directory}: where it came from, the descriptor
 * file and its parsed form, and the manifest when the package has one (already verified: every listed
 * digest matched and it lists the descriptor and every referenced file). Every file the descriptor
 * references is present, with the size it declares.
 */
public record OvfPackage(URI source, Path directory, Path descriptorFile, OvfDescriptor descriptor,
                         Optional<OvfManifest> manifest) {

    /**
     * The extracted file with this {@code ovf:id}.
     *
     * @throws IllegalArgumentException if the descriptor has no such file
     */
    public Path file(String fileId) {
        FileReference file = descriptor.file(fileId).orElseThrow(() ->
                new IllegalArgumentException("the OVF has no file with ovf:id '" + fileId + "'"));
        return directory.resolve(file.href()).normalize();
    }

    /**
     * Refuses a package whose integrity rests on SHA-1 or nothing: there must be a manifest, and the
     * descriptor and every referenced file must be listed with SHA256 (or SHA512). Interpose requires this
     * of the appliances the lab runs.
     *
     * @throws OvfException INVALID_FORMAT naming what is not covered
     */
    public void requireStrongManifest() {
        OvfManifest mf = manifest.orElseThrow(() ->
                OvfException.invalid("the package " + source + " has no manifest (.mf) with SHA256 digests"));
        List<String> names = new ArrayList<>();
        names.add(descriptorFile.getFileName().toString());
        descriptor.files().forEach(file -> names.add(file.href()));
        for (String name : names) {
            if (!mf.coversStrongly(name)) {
                throw OvfException.invalid("the manifest of " + source + " has no SHA256 digest for '" + name + "'");
            }
        }
    }
}
