package io.interpose.sdk;

import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.Protection;
import java.util.Map;
import java.util.Optional;

/**
 * A VM this service protects, and how: the service profile ({@code profileId}), the partner's own key for
 * the protection level ({@code vendorTemplateKey}, e.g. "BASIC") and the template attributes with the
 * profile's overrides. {@code guestConnected} says whether its thin agent is connected now.
 */
public record ProtectedVm(String vmId, String vmName, String profileId, String vendorTemplateKey,
        Map<String, String> attributes, boolean guestConnected, OsFamily osFamily) {

    public ProtectedVm {
        vmId = vmId == null ? "" : vmId;
        vmName = vmName == null ? "" : vmName;
        profileId = profileId == null ? "" : profileId;
        vendorTemplateKey = vendorTemplateKey == null ? "" : vendorTemplateKey;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        osFamily = osFamily == null ? OsFamily.OS_FAMILY_UNSPECIFIED : osFamily;
    }

    /** An attribute of the profile, if set. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    ProtectedVm withGuestConnected(boolean connected) {
        return new ProtectedVm(vmId, vmName, profileId, vendorTemplateKey, attributes, connected, osFamily);
    }

    static ProtectedVm of(Protection protection) {
        return new ProtectedVm(protection.getVmId(), protection.getVmName(), protection.getProfileId(),
                protection.getVendorTemplateKey(), protection.getAttributesMap(), protection.getGuestConnected(),
                protection.getOsFamily());
    }
}
