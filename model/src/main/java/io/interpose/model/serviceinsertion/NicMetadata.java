package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.util.List;

/**
 * A network interface of the service VM that the platform configures (NSX {@code NicMetadata}).
 * {@code interface_label}, {@code interface_index} (at least 0) and {@code interface_type} are required.
 * {@code user_configurable} says whether an administrator chooses its network at deployment; absent, it
 * is true for a MANAGEMENT interface (which always needs configuration, so false is refused) and false
 * otherwise. {@code transports} (at most {@value #MAX_TRANSPORTS}) restricts user configuration to those
 * transports; empty means all of them. Required fields a client left out stay null here and are reported
 * by {@link #check}.
 */
public record NicMetadata(String interfaceLabel, Integer interfaceIndex, InterfaceType interfaceType,
                          Boolean userConfigurable, List<Transport> transports) {
    public static final int MAX_TRANSPORTS = 3;

    public NicMetadata {
        interfaceLabel = Normalized.text(interfaceLabel);
        userConfigurable = userConfigurable == null ? interfaceType == InterfaceType.MANAGEMENT : userConfigurable;
        transports = Normalized.list(transports);
    }

    static NicMetadata blank() {
        return new NicMetadata(null, null, null, null, null);
    }

    /** Adds a violation for each missing or out-of-range field. */
    public void check(String field, Violations violations) {
        violations.required(interfaceLabel, field + ".interface_label");
        violations.required(interfaceIndex, field + ".interface_index");
        violations.check(interfaceIndex == null || interfaceIndex >= 0, field + ".interface_index", "must be at least 0");
        violations.required(interfaceType, field + ".interface_type");
        violations.check(interfaceType != InterfaceType.MANAGEMENT || userConfigurable,
                field + ".user_configurable", "must be true for a MANAGEMENT interface");
        violations.maxSize(transports, MAX_TRANSPORTS, field + ".transports");
        Unique.check(transports, field + ".transports", violations);
    }
}
