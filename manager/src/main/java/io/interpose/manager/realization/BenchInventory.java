package io.interpose.manager.realization;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Condition;
import io.interpose.model.policy.ConditionKey;
import io.interpose.model.policy.ConditionOperator;
import io.interpose.model.policy.ConjunctionOperator;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.ExternalIDExpression;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.MemberType;
import io.interpose.model.policy.NestedExpression;
import io.interpose.model.policy.PathExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, datacenter-like realization input for benchmarks: VMs with role/site names, a mix of
 * OS names and scoped tags; groups by tag, name, OS, nested conditions, external ids and other groups;
 * endpoint policies whose rules bind groups to the profiles of a few services. Same seed, same output.
 */
final class BenchInventory {
    static final int APPS = 200;
    private static final String[] ROLES = {"web", "app", "db", "cache", "mq", "lb", "batch", "ci", "mon", "vdi"};
    private static final String[] SITES = {"nyc", "lon", "fra", "sgp", "syd"};
    private static final String[] OSES = {"Ubuntu 22.04", "Ubuntu 20.04", "RHEL 9", "RHEL 8", "Windows Server 2022",
        "Windows Server 2019", "Windows 10", "Debian 12", "CentOS 7", "SLES 15"};
    private static final String[] ENVS = {"prod", "staging", "dev", "test"};
    private static final String[] SERVICES = {"av", "fim", "dlp", "mps"};
    private static final String[] LEVELS = {"gold", "silver", "bronze"};

    private final Random random;

    BenchInventory(long seed) {
        this.random = new Random(seed);
    }

    /** Inputs of the given shape: {@code policies} policies share {@code rules} rules evenly. */
    RealizationInputs generate(int vms, int hosts, int groups, int policies, int rules) {
        List<VirtualMachine> inventory = new ArrayList<>(vms);
        for (int i = 0; i < vms; i++) {
            inventory.add(vm(i, hosts));
        }
        Map<String, Group> groupMap = new LinkedHashMap<>();
        for (int i = 0; i < groups; i++) {
            groupMap.put(groupPath(i), group(i, inventory));
        }
        Map<String, ResolvedProfile> profiles = profiles();
        Map<String, EndpointPolicy> policyMap = new LinkedHashMap<>();
        Map<String, PolicyRule> ruleMap = new LinkedHashMap<>();
        for (int p = 0; p < policies; p++) {
            String policy = "/infra/domains/bench/endpoint-policies/policy-" + p;
            policyMap.put(policy, new EndpointPolicy(random.nextInt(3 * policies) % 500));
            int count = rules / policies + (p < rules % policies ? 1 : 0);
            for (int r = 0; r < count; r++) {
                boolean fallback = p == policies - 1 && r < SERVICES.length;
                ruleMap.put(policy + "/endpoint-rules/rule-" + r, new PolicyRule(policy,
                        rule(r, groups, fallback ? profilePath(SERVICES[r], "bronze") : randomProfile(), fallback)));
            }
        }
        return new RealizationInputs(inventory, groupMap, policyMap, ruleMap, profiles);
    }

    /** The VM with one tag changed: its env, its app, or the quarantine tag toggled. */
    VirtualMachine retag(VirtualMachine vm) {
        List<Tag> tags = new ArrayList<>(vm.tags());
        switch (random.nextInt(3)) {
            case 0 -> replaceScope(tags, "env", pick(ENVS));
            case 1 -> replaceScope(tags, "app", app(random.nextInt(APPS)));
            default -> {
                if (!tags.removeIf(tag -> tag.tag().equals("quarantine"))) {
                    tags.add(Tag.of("", "quarantine"));
                }
            }
        }
        return vm.withTags(tags);
    }

    /** A group of one random application, to replace an existing group with. */
    Group appGroup() {
        return Group.of(tag("app|" + app(random.nextInt(APPS))));
    }

    static String groupPath(int i) {
        return "/infra/domains/bench/groups/group-" + i;
    }

    private VirtualMachine vm(int i, int hosts) {
        String name = pick(ROLES) + "-" + pick(SITES) + "-" + String.format(Locale.ROOT, "%05d", i);
        List<Tag> tags = new ArrayList<>(List.of(Tag.of("env", pick(ENVS)), Tag.of("app", app(random.nextInt(APPS))),
                Tag.of("owner", "team-" + random.nextInt(50)), Tag.of("tier", pick(new String[] {"web", "app", "db"}))));
        addSometimes(tags, 10, "pci");
        addSometimes(tags, 5, "hipaa");
        addSometimes(tags, 1, "quarantine");
        return new VirtualMachine(String.format(Locale.ROOT, "5003%04x-bench-vm-%08d", i % 65536, i),
                random.nextInt(20) == 0 ? name.toUpperCase(Locale.ROOT) : name,
                "host-" + random.nextInt(hosts), name + ".corp.example", pick(OSES), tags, null);
    }

    private Group group(int i, List<VirtualMachine> inventory) {
        int kind = random.nextInt(100);
        if (kind < 35) {
            return Group.of(tag(pick(new String[] {"app|" + app(random.nextInt(APPS)), "env|" + pick(ENVS),
                "owner|team-" + random.nextInt(50), "pci", "quarantine", "tier|db"})));
        }
        if (kind < 50) {
            return Group.of(condition(ConditionKey.Name, ConditionOperator.STARTSWITH, pick(ROLES) + "-" + pick(SITES)));
        }
        if (kind < 57) {
            return Group.of(condition(ConditionKey.Name, ConditionOperator.CONTAINS, "-" + pick(SITES) + "-"));
        }
        if (kind < 67) {
            String os = pick(OSES);
            return random.nextBoolean() ? Group.of(condition(ConditionKey.OSName, ConditionOperator.EQUALS, os))
                    : Group.of(condition(ConditionKey.OSName, ConditionOperator.STARTSWITH, os.split(" ")[0]));
        }
        if (kind < 80) {
            return Group.of(NestedExpression.allOf(tag("env|" + pick(ENVS)),
                    condition(ConditionKey.Name, ConditionOperator.STARTSWITH, pick(ROLES))),
                    ConjunctionOperator.or(), tag("app|" + app(random.nextInt(APPS))));
        }
        if (kind < 88) {
            return Group.of(condition(ConditionKey.Tag, ConditionOperator.IN,
                    "app|" + app(random.nextInt(APPS)) + "," + app(random.nextInt(APPS))), ConjunctionOperator.and(),
                    condition(ConditionKey.Tag, ConditionOperator.NOTEQUALS, "quarantine"));
        }
        if (kind < 94 || i < 10) {
            return Group.of(new ExternalIDExpression(MemberType.VirtualMachine, randomIds(inventory, 10)));
        }
        return Group.of(PathExpression.of(groupPath(random.nextInt(i)), groupPath(random.nextInt(i))),
                ConjunctionOperator.or(), tag("hipaa"));
    }

    private EndpointRule rule(int sequence, int groups, String profile, boolean fallback) {
        if (fallback) {
            return new EndpointRule(List.of("ANY"), List.of(profile), 499);
        }
        List<String> targets = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        while (targets.size() < count) {
            String path = groupPath(random.nextInt(groups));
            if (!targets.contains(path)) {
                targets.add(path);
            }
        }
        return new EndpointRule(targets, List.of(profile), sequence);
    }

    private Map<String, ResolvedProfile> profiles() {
        Map<String, ResolvedProfile> profiles = new LinkedHashMap<>();
        for (String service : SERVICES) {
            for (String level : LEVELS) {
                profiles.put(profilePath(service, level), new ResolvedProfile("service-" + service, level, Map.of()));
            }
        }
        return profiles;
    }

    private String randomProfile() {
        return profilePath(pick(SERVICES), pick(LEVELS));
    }

    private static String profilePath(String service, String level) {
        return "/infra/service-references/" + service + "/service-profiles/" + level;
    }

    private List<String> randomIds(List<VirtualMachine> inventory, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count && !inventory.isEmpty(); i++) {
            ids.add(inventory.get(random.nextInt(inventory.size())).externalId());
        }
        return ids;
    }

    private static void replaceScope(List<Tag> tags, String scope, String value) {
        tags.removeIf(tag -> tag.scope().equals(scope));
        tags.add(Tag.of(scope, value));
    }

    private void addSometimes(List<Tag> tags, int percent, String tag) {
        if (random.nextInt(100) < percent) {
            tags.add(Tag.of("", tag));
        }
    }

    private static Condition tag(String value) {
        return condition(ConditionKey.Tag, ConditionOperator.EQUALS, value);
    }

    private static Condition condition(ConditionKey key, ConditionOperator operator, String value) {
        return Condition.of(key, operator, value);
    }

    private static String app(int i) {
        return String.format(Locale.ROOT, "app-%03d", i);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
