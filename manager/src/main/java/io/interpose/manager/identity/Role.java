package io.interpose.manager.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do. {@code enterprise_admin}: everything. {@code security_admin}: policy and
 * deployments, not users. {@code auditor}: read only. {@code partner}: bound to a vendor id; its own
 * service definitions and templates, and VM tags.
 */
public enum Role {
    ENTERPRISE_ADMIN, SECURITY_ADMIN, AUDITOR, PARTNER;

    /** The name used in the API: {@code enterprise_admin}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromApiName(String name) {
        return Arrays.stream(values()).filter(r -> r.apiName().equals(name)).findFirst();
    }
}
