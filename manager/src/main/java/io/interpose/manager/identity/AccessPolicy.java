package io.interpose.manager.identity;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which role may do which {@link Operation}, as a table:
 * <ul>
 *   <li>{@code enterprise_admin}: everything;</li>
 *   <li>{@code security_admin}: everything except users; reads the audit log;</li>
 *   <li>{@code auditor}: reads everything except users (reads the audit log), writes nothing;</li>
 *   <li>{@code partner}: reads and writes service insertion, reads the deployments of its own services
 *   (their instances and runtimes), reads inventory, tags VMs.</li>
 * </ul>
 * A principal with several roles gets the union. Partners are further limited to their own vendor's
 * objects: the caller checks {@link #owns} on the object it is about to touch.
 */
public final class AccessPolicy {
    private final Map<Role, Set<Operation>> grants = new EnumMap<>(Role.class);

    public AccessPolicy() {
        grants.put(Role.ENTERPRISE_ADMIN, both(Area.values()));
        grants.put(Role.SECURITY_ADMIN, union(
                both(Area.SERVICE_INSERTION, Area.DEPLOYMENT, Area.POLICY, Area.INVENTORY_READ,
                        Area.INVENTORY_TAGS, Area.LAB_ADMIN),
                reads(Area.AUDIT)));
        grants.put(Role.AUDITOR, reads(Area.SERVICE_INSERTION, Area.DEPLOYMENT, Area.POLICY, Area.INVENTORY_READ,
                Area.INVENTORY_TAGS, Area.AUDIT, Area.LAB_ADMIN));
        grants.put(Role.PARTNER, union(both(Area.SERVICE_INSERTION), reads(Area.DEPLOYMENT, Area.INVENTORY_READ),
                writes(Area.INVENTORY_TAGS)));
    }

    public boolean allows(Principal principal, Operation operation) {
        return principal.roles().stream().anyMatch(role -> grants.get(role).contains(operation));
    }

    /** True if {@code principal} is a partner bound to {@code vendorId}. */
    public boolean owns(Principal principal, String vendorId) {
        return principal.isPartner() && !principal.vendorId().isEmpty() && principal.vendorId().equals(vendorId);
    }

    private static Set<Operation> reads(Area... areas) {
        return Arrays.stream(areas).map(Operation::read).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<Operation> writes(Area... areas) {
        return Arrays.stream(areas).map(Operation::write).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<Operation> both(Area... areas) {
        return union(reads(areas), writes(areas));
    }

    @SafeVarargs
    private static Set<Operation> union(Set<Operation>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
