package io.interpose.compute.ovf;

import io.interpose.model.serviceinsertion.FormFactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A parsed DMTF OVF descriptor (DSP0243 1.x or 2.x): the package's files, deployment options (form
 * factors), networks, and its content, either one {@code VirtualSystem} or a
 * {@code VirtualSystemCollection} ({@link #collection()} true; its virtual systems in document order,
 * nested collections flattened, and the collections' own product sections in
 * {@link #collectionProductSections()}). {@code ovfVersion} is the {@code ovf:version} attribute as
 * written (may be empty); {@code ovfMajorVersion} comes from the envelope namespace.
 *
 * <p>Parsing is hardened (see {@link #parse(byte[])}); everything the record does not model (disks,
 * EULAs, annotations, vendor extensions) is skipped.
 */
public record OvfDescriptor(int ovfMajorVersion, String ovfVersion, List<FileReference> files,
                            List<DeploymentOption> deploymentOptions, List<OvfNetwork> networks,
                            List<VirtualSystem> virtualSystems, boolean collection,
                            List<ProductSection> collectionProductSections) {
    public OvfDescriptor {
        ovfVersion = Text.of(ovfVersion);
        files = files == null ? List.of() : List.copyOf(files);
        deploymentOptions = deploymentOptions == null ? List.of() : List.copyOf(deploymentOptions);
        networks = networks == null ? List.of() : List.copyOf(networks);
        virtualSystems = virtualSystems == null ? List.of() : List.copyOf(virtualSystems);
        collectionProductSections = collectionProductSections == null ? List.of() : List.copyOf(collectionProductSections);
    }

    /**
     * Parses a descriptor. DOCTYPEs (and so DTDs and entities), external entities and XInclude are
     * refused; a vendor section marked {@code ovf:required="true"} is refused; malformed numbers
     * ({@code ovf:size}, CPU and memory quantities) and unknown memory units are refused.
     *
     * @throws OvfException INVALID_FORMAT naming the problem
     */
    public static OvfDescriptor parse(byte[] xml) {
        return OvfReader.read(xml);
    }

    /**
     * Reads and parses a descriptor file of at most {@link OvfLimits#DEFAULT_MAX_DESCRIPTOR_BYTES}.
     *
     * @throws OvfException CANNOT_ACCESS if it cannot be read, INVALID_FORMAT as {@link #parse(byte[])}
     */
    public static OvfDescriptor parse(Path file) {
        try {
            if (Files.size(file) > OvfLimits.DEFAULT_MAX_DESCRIPTOR_BYTES) {
                throw OvfException.invalid("the OVF descriptor " + file + " is larger than "
                        + OvfLimits.DEFAULT_MAX_DESCRIPTOR_BYTES + " bytes");
            }
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw OvfException.inaccessible("cannot read the OVF descriptor " + file + ": " + e, e);
        }
    }

    /**
     * The only virtual system, as a service VM package needs.
     *
     * @throws OvfException INVALID_FORMAT when the descriptor is a {@code VirtualSystemCollection}
     */
    public VirtualSystem requireSingleVirtualSystem() {
        if (collection || virtualSystems.size() != 1) {
            throw OvfException.invalid("the OVF describes a VirtualSystemCollection of " + virtualSystems.size()
                    + " virtual systems (" + virtualSystems.stream().map(VirtualSystem::id)
                    .collect(Collectors.joining(", ")) + "); a service VM package must describe exactly one VirtualSystem");
        }
        return virtualSystems.get(0);
    }

    /** The option marked default, else the first one; empty when there is no DeploymentOptionSection. */
    public Optional<DeploymentOption> defaultDeploymentOption() {
        return deploymentOptions.stream().filter(DeploymentOption::isDefault).findFirst()
                .or(() -> deploymentOptions.stream().findFirst());
    }

    /** The deployment option with exactly this id. */
    public Optional<DeploymentOption> deploymentOption(String id) {
        return deploymentOptions.stream().filter(option -> option.id().equals(id)).findFirst();
    }

    /** The deployment option whose id is the form factor's name, compared case-insensitively ({@code small} = SMALL). */
    public Optional<DeploymentOption> deploymentOption(FormFactor formFactor) {
        return deploymentOptions.stream()
                .filter(option -> option.id().toUpperCase(Locale.ROOT).equals(formFactor.name())).findFirst();
    }

    /**
     * The hardware of the single virtual system under deployment option {@code configurationId}; ""
     * means the default option (or none, when the descriptor has no options).
     *
     * @throws OvfException INVALID_FORMAT for a collection, or memory in units that are not bytes
     * @throws IllegalArgumentException for an id that is not a deployment option
     */
    public VirtualHardware hardware(String configurationId) {
        return requireSingleVirtualSystem().hardware(resolveConfiguration(configurationId));
    }

    /**
     * {@code configurationId} checked against the deployment options; "" becomes the default option's id
     * (or stays "" when there are none).
     *
     * @throws IllegalArgumentException for an id that is not a deployment option
     */
    public String resolveConfiguration(String configurationId) {
        String id = Text.of(configurationId);
        if (id.isEmpty()) {
            return defaultDeploymentOption().map(DeploymentOption::id).orElse("");
        }
        if (deploymentOption(id).isEmpty()) {
            throw new IllegalArgumentException("'" + id + "' is not a deployment option of the OVF; it declares: "
                    + deploymentOptions.stream().map(DeploymentOption::id).collect(Collectors.joining(", ")));
        }
        return id;
    }

    /** Every product section: the collections' own first, then each virtual system's. */
    public List<ProductSection> productSections() {
        return Stream.concat(collectionProductSections.stream(),
                virtualSystems.stream().flatMap(system -> system.productSections().stream())).toList();
    }

    /** The file with this {@code ovf:id}. */
    public Optional<FileReference> file(String id) {
        return files.stream().filter(file -> file.id().equals(id)).findFirst();
    }

    /** The network with this {@code ovf:name}. */
    public Optional<OvfNetwork> network(String name) {
        return networks.stream().filter(network -> network.name().equals(name)).findFirst();
    }
}
