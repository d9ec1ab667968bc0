package io.interpose.manager.api;

import io.interpose.manager.identity.Principal;
import java.util.Optional;

/**
 * Who is making the current request: the authenticated principal, with what handlers ask of it (the
 * user name recorded as {@code _create_user}; for partners, the vendor whose objects they may see).
 */
public record Caller(Principal principal) {
    public String username() {
        return principal.username();
    }

    public Optional<String> partnerVendorId() {
        return principal.isPartner() ? Optional.of(principal.vendorId()) : Optional.empty();
    }

    public boolean isPartner() {
        return principal.isPartner();
    }

    /** True if this caller may see and change objects of {@code vendorId} (partners: only their own). */
    public boolean owns(String vendorId) {
        return !principal.isPartner() || principal.vendorId().equals(vendorId);
    }
}
