package io.interpose.manager.realization;

import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Endpoint policies, rules and service profiles, and the precedence between rules (ranked again lazily,
 * on the first question after a change). A rule is in force
 * when its policy and its profile exist; rules in force are ranked by (policy sequence number, policy
 * path, rule sequence number, rule path). For a VM, the first rule in force per service decides.
 * Not thread-safe.
 */
final class RuleBook {
    private final Map<String, EndpointPolicy> policies = new HashMap<>();
    private final Map<String, PolicyRule> rules = new HashMap<>();
    private final Map<String, ResolvedProfile> profiles = new HashMap<>();
    private final Map<String, Set<String>> rulesByGroup = new HashMap<>();
    private final Map<String, Set<String>> rulesByPolicy = new HashMap<>();
    private final Map<String, Set<String>> rulesByProfile = new HashMap<>();
    private final Set<String> rulesForAny = new HashSet<>();
    private Map<String, List<RankedRule>> inForceByGroup = Map.of();
    private List<RankedRule> inForceForAny = List.of();
    private int serviceCount;
    private boolean ranked = true;

    /** A rule in force: its position in precedence order, and the index of its service among all. */
    private record RankedRule(int rank, int service, Protection protection) {
    }

    Optional<ResolvedProfile> profile(String path) {
        return Optional.ofNullable(profiles.get(path));
    }

    boolean hasPolicy(String path) {
        return policies.containsKey(path);
    }

    boolean hasRule(String path) {
        return rules.containsKey(path);
    }

    void putPolicy(String path, EndpointPolicy policy) {
        policies.put(path, policy);
        ranked = false;
    }

    void removePolicy(String path) {
        policies.remove(path);
        ranked = false;
    }

    void putProfile(String path, ResolvedProfile profile) {
        profiles.put(path, profile);
        ranked = false;
    }

    void removeProfile(String path) {
        profiles.remove(path);
        ranked = false;
    }

    void putRule(String path, PolicyRule rule) {
        unindex(path);
        rules.put(path, rule);
        index(path, rule);
        ranked = false;
    }

    void removeRule(String path) {
        unindex(path);
        rules.remove(path);
        ranked = false;
    }

    /** The protections for a VM that belongs to these groups, in precedence order, one per service. */
    List<Protection> protections(Collection<String> memberOf) {
        rankIfChanged();
        RankedRule[] firstPerService = new RankedRule[serviceCount];
        inForceForAny.forEach(rule -> consider(rule, firstPerService));
        for (String group : memberOf) {
            for (RankedRule rule : inForceByGroup.getOrDefault(group, List.of())) {
                consider(rule, firstPerService);
            }
        }
        List<RankedRule> winners = new ArrayList<>(firstPerService.length);
        for (RankedRule rule : firstPerService) {
            if (rule != null) {
                winners.add(rule);
            }
        }
        winners.sort(Comparator.comparingInt(RankedRule::rank));
        List<Protection> protections = new ArrayList<>(winners.size());
        winners.forEach(rule -> protections.add(rule.protection()));
        return List.copyOf(protections);
    }

    private static void consider(RankedRule ranked, RankedRule[] firstPerService) {
        RankedRule first = firstPerService[ranked.service()];
        if (first == null || ranked.rank() < first.rank()) {
            firstPerService[ranked.service()] = ranked;
        }
    }

    /** The paths of the groups that some rule in force names. */
    Set<String> groupsWithRulesInForce() {
        rankIfChanged();
        return inForceByGroup.keySet();
    }

    /** The VMs the rule at {@code path} may apply to (none if there is no such rule). */
    Coverage coverageOfRule(String path) {
        PolicyRule placed = rules.get(path);
        if (placed == null) {
            return Coverage.none();
        }
        EndpointRule rule = placed.rule();
        return rule.appliesToAny() ? new Coverage(true, Set.of()) : new Coverage(false, Set.copyOf(rule.groups()));
    }

    Coverage coverageOfPolicy(String path) {
        return coverageOf(rulesByPolicy.getOrDefault(path, Set.of()));
    }

    Coverage coverageOfProfile(String path) {
        return coverageOf(rulesByProfile.getOrDefault(path, Set.of()));
    }

    private Coverage coverageOf(Set<String> rulePaths) {
        return rulePaths.stream().map(this::coverageOfRule).reduce(Coverage.none(), Coverage::union);
    }

    /** Why the rule is not fully realized (empty when it is), or empty if there is no such rule. */
    Optional<List<String>> ruleErrors(String path, Predicate<String> groupExists) {
        PolicyRule placed = rules.get(path);
        if (placed == null) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        if (!policies.containsKey(placed.policyPath())) {
            errors.add("endpoint policy " + placed.policyPath() + " does not exist");
        }
        if (!profiles.containsKey(placed.rule().serviceProfile())) {
            errors.add("service profile " + placed.rule().serviceProfile() + " does not exist");
        }
        if (!placed.rule().appliesToAny()) {
            placed.rule().groups().stream().filter(group -> !groupExists.test(group))
                    .forEach(group -> errors.add("group " + group + " does not exist"));
        }
        return Optional.of(errors);
    }

    /** The errors of the policy's rules, each prefixed by the rule path; empty if there is no such policy. */
    Optional<List<String>> policyErrors(String path, Predicate<String> groupExists) {
        if (!policies.containsKey(path)) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        rulesByPolicy.getOrDefault(path, Set.of()).stream().sorted().forEach(rule ->
                ruleErrors(rule, groupExists).orElse(List.of()).forEach(error -> errors.add("rule " + rule + ": " + error)));
        return Optional.of(errors);
    }

    /** Ranks the rules in force if anything changed since; call before reading from several threads. */
    void rankIfChanged() {
        if (!ranked) {
            rank();
            ranked = true;
        }
    }

    private void rank() {
        List<String> ordered = rules.keySet().stream().filter(this::isInForce).sorted(precedence()).toList();
        Map<String, RankedRule> ranked = new HashMap<>();
        Map<String, Integer> services = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            String path = ordered.get(i);
            PolicyRule placed = rules.get(path);
            String profile = placed.rule().serviceProfile();
            String service = profiles.get(profile).serviceId();
            int serviceIndex = services.computeIfAbsent(service, s -> services.size());
            ranked.put(path, new RankedRule(i, serviceIndex, new Protection(service, profile, path, placed.policyPath())));
        }
        serviceCount = services.size();
        Map<String, List<RankedRule>> byGroup = new HashMap<>();
        rulesByGroup.forEach((group, paths) -> {
            List<RankedRule> inForce = paths.stream().map(ranked::get).filter(Objects::nonNull).toList();
            if (!inForce.isEmpty()) {
                byGroup.put(group, inForce);
            }
        });
        inForceByGroup = byGroup;
        inForceForAny = rulesForAny.stream().map(ranked::get).filter(Objects::nonNull).toList();
    }

    private boolean isInForce(String rulePath) {
        PolicyRule placed = rules.get(rulePath);
        return policies.containsKey(placed.policyPath()) && profiles.containsKey(placed.rule().serviceProfile());
    }

    private Comparator<String> precedence() {
        return Comparator.<String>comparingInt(rule -> policies.get(rules.get(rule).policyPath()).sequenceNumber())
                .thenComparing(rule -> rules.get(rule).policyPath())
                .thenComparingInt(rule -> rules.get(rule).rule().sequenceNumber())
                .thenComparing(Comparator.naturalOrder());
    }

    private void index(String path, PolicyRule placed) {
        EndpointRule rule = placed.rule();
        if (rule.appliesToAny()) {
            rulesForAny.add(path);
        } else {
            rule.groups().forEach(group -> rulesByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(path));
        }
        rulesByPolicy.computeIfAbsent(placed.policyPath(), p -> new HashSet<>()).add(path);
        rulesByProfile.computeIfAbsent(rule.serviceProfile(), p -> new HashSet<>()).add(path);
    }

    private void unindex(String path) {
        PolicyRule placed = rules.get(path);
        if (placed == null) {
            return;
        }
        rulesForAny.remove(path);
        placed.rule().groups().forEach(group -> removeFrom(rulesByGroup, group, path));
        removeFrom(rulesByPolicy, placed.policyPath(), path);
        removeFrom(rulesByProfile, placed.rule().serviceProfile(), path);
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String path) {
        Set<String> paths = index.get(key);
        if (paths != null && paths.remove(path) && paths.isEmpty()) {
            index.remove(key);
        }
    }
}
