package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One way to deploy the service VM (NSX {@code SVMDeploymentSpec}): the OVF package, the hypervisor
 * it runs on and its form factor. {@code ovf_url} (an absolute http, https or file URL) and
 * {@code host_type} are required; {@code service_form_factor} defaults to MEDIUM and
 * {@code min_host_version} to {@value #DEFAULT_MIN_HOST_VERSION} (hosts with a lower version are
 * skipped). {@code name} is optional, as in NSX, but a deployment can only refer to a named spec.
 */
public record SvmDeploymentSpec(String name, String ovfUrl, HostType hostType, FormFactor serviceFormFactor,
                                String minHostVersion) {
    public static final String DEFAULT_MIN_HOST_VERSION = "6.5";
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");

    public SvmDeploymentSpec {
        name = Normalized.text(name);
        ovfUrl = Normalized.text(ovfUrl);
        serviceFormFactor = serviceFormFactor == null ? FormFactor.MEDIUM : serviceFormFactor;
        minHostVersion = minHostVersion == null ? DEFAULT_MIN_HOST_VERSION : minHostVersion;
    }

    static SvmDeploymentSpec blank() {
        return new SvmDeploymentSpec(null, null, null, null, null);
    }

    /** Adds a violation for a missing or malformed OVF URL, a missing host type or a malformed version. */
    public void check(String field, Violations violations) {
        violations.required(ovfUrl, field + ".ovf_url");
        violations.check(ovfUrl.isBlank() || isOvfUrl(ovfUrl), field + ".ovf_url",
                "must be an absolute http, https or file URL");
        violations.required(hostType, field + ".host_type");
        violations.check(VERSION.matcher(minHostVersion).matches(), field + ".min_host_version",
                "must be a dotted version number such as 6.5");
    }

    private static boolean isOvfUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return switch (scheme) {
                case "http", "https" -> uri.getHost() != null;
                case "file" -> !uri.isOpaque() && uri.getPath() != null && uri.getPath().length() > 1;
                default -> false;
            };
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
