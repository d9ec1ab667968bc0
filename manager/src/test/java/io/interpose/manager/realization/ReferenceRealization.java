package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Realization done the obvious way, from scratch on every question, for comparing with the engine:
 * membership by evaluating the group (recursing into referenced groups), protections by walking all
 * rules in precedence order.
 */
final class ReferenceRealization {
    final Map<String, VirtualMachine> vms = new LinkedHashMap<>();
    final Map<String, Group> groups = new HashMap<>();
    final Map<String, EndpointPolicy> policies = new HashMap<>();
    final Map<String, PolicyRule> rules = new HashMap<>();
    final Map<String, ResolvedProfile> profiles = new HashMap<>();

    boolean isMember(String groupPath, VirtualMachine vm) {
        Group group = groups.get(groupPath);
        return group != null && group.matches(vm, this::isMember);
    }

    Set<String> members(String groupPath) {
        return vms.values().stream().filter(vm -> isMember(groupPath, vm))
                .map(VirtualMachine::externalId).collect(Collectors.toSet());
    }

    List<Protection> protections(String vmId) {
        VirtualMachine vm = vms.get(vmId);
        List<Protection> found = new ArrayList<>();
        if (vm == null) {
            return found;
        }
        Set<String> services = new HashSet<>();
        for (String path : rulesInForce()) {
            PolicyRule placed = rules.get(path);
            ResolvedProfile profile = profiles.get(placed.rule().serviceProfile());
            boolean applies = placed.rule().appliesToAny()
                    || placed.rule().groups().stream().anyMatch(group -> isMember(group, vm));
            if (applies && services.add(profile.serviceId())) {
                found.add(new Protection(profile.serviceId(), placed.rule().serviceProfile(), path, placed.policyPath()));
            }
        }
        return found;
    }

    Optional<RealizationStatus> ruleStatus(String path) {
        PolicyRule placed = rules.get(path);
        if (placed == null) {
            return Optional.empty();
        }
        long count = vms.keySet().stream()
                .filter(vm -> protections(vm).stream().anyMatch(p -> p.rulePath().equals(path))).count();
        return Optional.of(RealizationStatus.of(ruleErrors(placed), (int) count));
    }

    Optional<RealizationStatus> policyStatus(String path) {
        if (!policies.containsKey(path)) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        rules.keySet().stream().sorted().filter(rule -> rules.get(rule).policyPath().equals(path))
                .forEach(rule -> ruleErrors(rules.get(rule)).forEach(error -> errors.add("rule " + rule + ": " + error)));
        long count = vms.keySet().stream()
                .filter(vm -> protections(vm).stream().anyMatch(p -> p.policyPath().equals(path))).count();
        return Optional.of(RealizationStatus.of(errors, (int) count));
    }

    private List<String> ruleErrors(PolicyRule placed) {
        List<String> errors = new ArrayList<>();
        if (!policies.containsKey(placed.policyPath())) {
            errors.add("endpoint policy " + placed.policyPath() + " does not exist");
        }
        if (!profiles.containsKey(placed.rule().serviceProfile())) {
            errors.add("service profile " + placed.rule().serviceProfile() + " does not exist");
        }
        if (!placed.rule().appliesToAny()) {
            placed.rule().groups().stream().filter(group -> !groups.containsKey(group))
                    .forEach(group -> errors.add("group " + group + " does not exist"));
        }
        return errors;
    }

    private List<String> rulesInForce() {
        return rules.keySet().stream()
                .filter(path -> policies.containsKey(rules.get(path).policyPath())
                        && profiles.containsKey(rules.get(path).rule().serviceProfile()))
                .sorted(Comparator.<String>comparingInt(path -> policies.get(rules.get(path).policyPath()).sequenceNumber())
                        .thenComparing(path -> rules.get(path).policyPath())
                        .thenComparingInt(path -> rules.get(path).rule().sequenceNumber())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
