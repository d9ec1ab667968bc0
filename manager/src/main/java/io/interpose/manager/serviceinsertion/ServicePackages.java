package io.interpose.manager.serviceinsertion;

import io.interpose.compute.ovf.ApplianceSpec;
import io.interpose.compute.ovf.OvfDescriptor;
import io.interpose.compute.ovf.OvfException;
import io.interpose.compute.ovf.OvfLimits;
import io.interpose.compute.ovf.OvfPackage;
import io.interpose.compute.ovf.OvfPackageLoader;
import io.interpose.compute.ovf.SvmPackageCheck;
import io.interpose.model.Violation;
import io.interpose.model.serviceinsertion.ServiceDefinition;
import io.interpose.model.serviceinsertion.SvmDeploymentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Registration's check of a definition against its packages: every deployment spec's OVF package is
 * fetched and verified (manifest, sizes), must describe one service VM the lab can run (an
 * {@code io.interpose.appliance} section), and must match the definition ({@link SvmPackageCheck}:
 * form factors, NICs, attributes). A package that cannot be fetched or is invalid is a violation at the
 * spec's {@code ovf_url}.
 */
public final class ServicePackages {
    private final Path workRoot;
    private final OvfPackageLoader loader;

    public ServicePackages(Path workRoot, OvfLimits limits) {
        this.workRoot = workRoot;
        this.loader = new OvfPackageLoader(limits);
    }

    public List<Violation> violations(ServiceDefinition definition) {
        if (definition.serviceDeploymentSpec() == null) {
            return List.of();
        }
        List<Violation> problems = new ArrayList<>();
        Map<String, OvfDescriptor> descriptors = new LinkedHashMap<>();
        List<SvmDeploymentSpec> specs = definition.serviceDeploymentSpec().deploymentSpecs();
        for (int i = 0; i < specs.size(); i++) {
            String url = specs.get(i).ovfUrl();
            if (url == null || url.isBlank() || descriptors.containsKey(url)) {
                continue;
            }
            String field = "service_deployment_spec.deployment_specs[" + i + "].ovf_url";
            try {
                OvfDescriptor descriptor = fetch(url);
                descriptors.put(url, descriptor);
                ApplianceSpec.of(descriptor);
            } catch (OvfException e) {
                problems.add(new Violation(field, (e.kind() == OvfException.Kind.CANNOT_ACCESS ? "cannot fetch the OVF package: "
                        : "the OVF package is not usable: ") + e.getMessage()));
            } catch (IllegalArgumentException e) {
                problems.add(new Violation(field, "not a usable URL: " + e.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(SvmPackageCheck.violations(definition, descriptors));
        }
        return problems;
    }

    private OvfDescriptor fetch(String url) {
        Path directory = temporaryDirectory();
        try {
            OvfPackage ovf = loader.load(URI.create(url), directory);
            ovf.descriptor().requireSingleVirtualSystem();
            return ovf.descriptor();
        } finally {
            delete(directory);
        }
    }

    private Path temporaryDirectory() {
        try {
            Files.createDirectories(workRoot);
            return Files.createTempDirectory(workRoot, "ovf-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory in " + workRoot, e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }
}
