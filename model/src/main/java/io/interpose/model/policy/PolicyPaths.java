package io.interpose.model.policy;

import java.util.regex.Pattern;

/** The shapes of the policy paths that policy bodies refer to, as the API writes them. */
public final class PolicyPaths {
    /** The group list element meaning "every VM"; accepted in any case. */
    public static final String ANY = "ANY";

    private static final Pattern GROUP = Pattern.compile("/infra/domains/[^/\\s]+/groups/[^/\\s]+");
    private static final Pattern SERVICE_PROFILE =
            Pattern.compile("/infra/service-references/[^/\\s]+/service-profiles/[^/\\s]+");

    private PolicyPaths() {
    }

    /** {@code /infra/domains/<domain>/groups/<group>}. */
    public static boolean isGroupPath(String path) {
        return path != null && GROUP.matcher(path).matches();
    }

    /** {@code /infra/service-references/<reference>/service-profiles/<profile>}. */
    public static boolean isServiceProfilePath(String path) {
        return path != null && SERVICE_PROFILE.matcher(path).matches();
    }

    public static boolean isAny(String path) {
        return ANY.equalsIgnoreCase(path);
    }
}
