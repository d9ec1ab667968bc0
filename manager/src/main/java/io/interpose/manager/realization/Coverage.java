package io.interpose.manager.realization;

import java.util.HashSet;
import java.util.Set;

/** The VMs some rules may apply to: every VM, or the members of these groups. */
record Coverage(boolean everyVm, Set<String> groups) {
    static Coverage none() {
        return new Coverage(false, Set.of());
    }

    Coverage union(Coverage other) {
        Set<String> all = new HashSet<>(groups);
        all.addAll(other.groups);
        return new Coverage(everyVm || other.everyVm, all);
    }
}
