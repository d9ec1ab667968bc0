package io.interpose.manager.control;

import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.policy.EnforcementStatus;
import io.interpose.manager.realization.Protection;
import io.interpose.manager.realization.RealizationEngine;
import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Per-host enforcement of endpoint rules and policies, from the control channel's ledgers: an intent is
 * realized on a host when the host acknowledged a generation at or after the one that carried the last
 * change of (one of) its rules there. The hosts concerned are those where its rules protect VMs now,
 * and those this manager ever sent them to (so that a removal is followed until it is applied).
 */
final class HostEnforcements implements EnforcementStatus {
    private final ControlPlane plane;
    private final InventoryView inventory;
    private final RealizationEngine engine;

    HostEnforcements(ControlPlane plane, InventoryView inventory, RealizationEngine engine) {
        this.plane = plane;
        this.inventory = inventory;
        this.engine = engine;
    }

    @Override
    public List<HostEnforcement> hosts(String intentPath) {
        Predicate<String> matches = engine.ruleStatus(intentPath).isPresent() ? intentPath::equals
                : rule -> rule.startsWith(intentPath + "/endpoint-rules/");
        Map<String, Set<String>> applied = new HashMap<>();
        for (VirtualMachine vm : inventory.vms()) {
            if (vm.hostId() != null) {
                engine.protections(vm.externalId()).stream().map(Protection::rulePath).filter(matches)
                        .forEach(rule -> applied.computeIfAbsent(vm.hostId(), h -> new HashSet<>()).add(rule));
            }
        }
        Set<String> hosts = new TreeSet<>(applied.keySet());
        inventory.hosts().forEach(h -> plane.ledger(h.id())
                .filter(l -> l.rulesSent().stream().anyMatch(matches)).ifPresent(l -> hosts.add(h.id())));
        List<HostEnforcement> out = new ArrayList<>();
        hosts.forEach(host -> out.add(host(host, applied.getOrDefault(host, Set.of()), matches)));
        return out;
    }

    private HostEnforcement host(String hostId, Set<String> appliedRules, Predicate<String> matches) {
        var ledger = plane.ledger(hostId);
        if (ledger.isEmpty() || !ledger.get().status().connected()) {
            long applied = ledger.map(l -> l.status().appliedGeneration()).orElse(0L);
            return new HostEnforcement(hostId, State.UNKNOWN, 0, applied);
        }
        HostLedger l = ledger.get();
        long applied = l.status().appliedGeneration();
        long required = 0;
        boolean unsent = false;
        Set<String> rules = new HashSet<>(appliedRules);
        l.rulesSent().stream().filter(matches).forEach(rules::add);
        for (String rule : rules) {
            OptionalLong generation = l.ruleGeneration(rule);
            unsent |= generation.isEmpty();
            required = Math.max(required, generation.orElse(0));
        }
        State state = !unsent && applied >= required ? State.REALIZED : State.IN_PROGRESS;
        return new HostEnforcement(hostId, state, required, applied);
    }
}
