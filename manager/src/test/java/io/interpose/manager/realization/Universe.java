package io.interpose.manager.realization;

import io.interpose.model.Tag;
import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Condition;
import io.interpose.model.policy.ConditionKey;
import io.interpose.model.policy.ConditionOperator;
import io.interpose.model.policy.ConjunctionOperator;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Expression;
import io.interpose.model.policy.ExternalIDExpression;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.MemberType;
import io.interpose.model.policy.NestedExpression;
import io.interpose.model.policy.PathExpression;
import io.interpose.model.policy.ScopeOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** A small world of VMs, groups, policies, rules and profiles, and random changes to it. */
final class Universe {
    static final List<String> VM_IDS = ids("vm-", 6);
    static final List<String> GROUPS = ids("/infra/domains/d/groups/g", 5);
    static final String MISSING_GROUP = "/infra/domains/d/groups/missing";
    static final List<String> POLICIES = ids("/infra/domains/d/endpoint-policies/p", 4);
    static final List<String> RULES = POLICIES.stream()
            .flatMap(policy -> IntStream.range(0, 3).mapToObj(i -> policy + "/endpoint-rules/r" + i)).toList();
    static final List<String> PROFILES = ids("/infra/service-references/sr/service-profiles/s", 4);

    private static final Map<ConditionKey, List<String>> VALUES = Map.of(
            ConditionKey.Name, List.of("web-1", "WEB", "db", "-1", "web-1,db-1", "app", "w", "1"),
            ConditionKey.OSName, List.of("ubuntu", "windows server", "Ubuntu 22.04", "ubuntu 22.04,windows server", "W", "4"),
            ConditionKey.ComputerName, List.of("web-1.corp", "db", "corp"),
            ConditionKey.Tag, List.of("env|prod", "prod", "|dev", "env|", "env|", "tier|pci,prod", "TIER|", "pci",
                    "env|DEV", "ENV|pro", "od"));

    private Universe() {
    }

    /** A setup that puts some of everything, then random changes. */
    static Arbitrary<List<Operation>> operations() {
        Arbitrary<List<Operation>> setup = Combinators.combine(putVm().list().ofSize(6), everyPolicy(),
                        everyProfile(), putGroup().list().ofSize(4), putRule().list().ofSize(6))
                .as((vms, policies, profiles, groups, rules) -> concat(vms, policies, profiles, groups, rules));
        Arbitrary<List<Operation>> changes = Arbitraries.frequencyOf(
                kv(8, putVm()), kv(1, Arbitraries.of(VM_IDS).map(Operation.RemoveVm::new)),
                kv(4, putGroup()), kv(1, Arbitraries.of(GROUPS).map(Operation.RemoveGroup::new)),
                kv(2, putPolicy()), kv(1, Arbitraries.of(POLICIES).map(Operation.RemovePolicy::new)),
                kv(4, putRule()), kv(1, Arbitraries.of(RULES).map(Operation.RemoveRule::new)),
                kv(3, putProfile()), kv(1, Arbitraries.of(PROFILES).map(Operation.RemoveProfile::new)))
                .list().ofMinSize(5).ofMaxSize(30);
        return Combinators.combine(setup, changes).as(Universe::concat);
    }

    @SafeVarargs
    private static List<Operation> concat(List<Operation>... lists) {
        List<Operation> all = new ArrayList<>();
        for (List<Operation> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Operation>> kv(
            int weight, Arbitrary<? extends Operation> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    static Arbitrary<Operation> putVm() {
        Arbitrary<Tag> tags = Combinators.combine(Arbitraries.of("env", "tier", "", "ENV"), Arbitraries.of("prod", "dev", "pci", "Prod"))
                .as(Tag::of);
        return Combinators.combine(Arbitraries.of(VM_IDS), Arbitraries.of("web-1", "WEB-2", "db-1", "app"),
                        Arbitraries.of("h0", "h1"), Arbitraries.of("ubuntu 22.04", "Windows Server", "Ubuntu 20.04"),
                        tags.list().ofMaxSize(3))
                .as((id, name, host, os, tagList) -> new Operation.PutVm(
                        new VirtualMachine(id, name, host, name + ".corp", os, tagList, null)));
    }

    static Arbitrary<Operation> putGroup() {
        Arbitrary<Expression> item = Arbitraries.frequencyOf(
                Tuple.of(6, conditions().map(c -> (Expression) c)),
                Tuple.of(2, conditions().list().ofMinSize(1).ofMaxSize(2)
                        .map(cs -> (Expression) NestedExpression.allOf(cs.toArray(Condition[]::new)))),
                Tuple.of(1, Arbitraries.of("vm-0", "VM-1", "vm-2", "vm-9").list().ofMinSize(1).ofMaxSize(2)
                        .map(ids -> (Expression) new ExternalIDExpression(MemberType.VirtualMachine, ids))),
                Tuple.of(2, Arbitraries.of(GROUPS).list().uniqueElements().ofMinSize(1).ofMaxSize(2)
                        .map(paths -> (Expression) new PathExpression(paths))));
        Arbitrary<List<Expression>> expression = Combinators.combine(item.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(true, false).list().ofSize(3))
                .as(Universe::joined);
        return Combinators.combine(Arbitraries.of(GROUPS), expression)
                .as((path, list) -> new Operation.PutGroup(path, new Group(list)));
    }

    private static List<Expression> joined(List<Expression> items, List<Boolean> ands) {
        List<Expression> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                list.add(ands.get(i) ? ConjunctionOperator.and() : ConjunctionOperator.or());
            }
            list.add(items.get(i));
        }
        return list;
    }

    static Arbitrary<Condition> conditions() {
        return Arbitraries.of(ConditionKey.class).flatMap(key -> Combinators.combine(
                        Arbitraries.of(ConditionOperator.class), Arbitraries.of(VALUES.get(key)),
                        Arbitraries.frequency(Tuple.of(4, ScopeOperator.EQUALS), Tuple.of(1, ScopeOperator.NOTEQUALS)))
                .as((operator, value, scope) -> new Condition(MemberType.VirtualMachine, key, operator, value, scope)))
                .filter(Universe::isValid);
    }

    private static boolean isValid(Condition condition) {
        Violations violations = new Violations();
        condition.check("c", violations);
        return violations.isEmpty();
    }

    private static Arbitrary<List<Operation>> everyPolicy() {
        return Arbitraries.integers().between(0, 2).list().ofSize(3).map(sequences -> IntStream.range(0, 3)
                .mapToObj(i -> (Operation) new Operation.PutPolicy(POLICIES.get(i), new EndpointPolicy(sequences.get(i))))
                .toList());
    }

    private static Arbitrary<List<Operation>> everyProfile() {
        return putProfile().list().ofSize(3).map(puts -> IntStream.range(0, 3)
                .mapToObj(i -> (Operation) new Operation.PutProfile(PROFILES.get(i), ((Operation.PutProfile) puts.get(i)).profile()))
                .toList());
    }

    static Arbitrary<Operation> putPolicy() {
        return Combinators.combine(Arbitraries.of(POLICIES.subList(0, 3)), Arbitraries.integers().between(0, 2))
                .as((path, sequence) -> new Operation.PutPolicy(path, new EndpointPolicy(sequence)));
    }

    static Arbitrary<Operation> putRule() {
        List<String> targets = new ArrayList<>(GROUPS);
        targets.add(MISSING_GROUP);
        Arbitrary<List<String>> groups = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.of("any"))),
                Tuple.of(3, Arbitraries.of(targets).list().uniqueElements().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<String> paths = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(RULES.subList(0, 9))), Tuple.of(1, Arbitraries.of(RULES.subList(9, 12))));
        Arbitrary<String> profiles = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PROFILES.subList(0, 3))), Tuple.of(1, Arbitraries.just(PROFILES.get(3))));
        return Combinators.combine(paths, groups, profiles, Arbitraries.integers().between(0, 2))
                .as((path, targetGroups, profile, sequence) -> new Operation.PutRule(path,
                        new PolicyRule(policyOf(path), new EndpointRule(targetGroups, List.of(profile), sequence))));
    }

    static Arbitrary<Operation> putProfile() {
        return Combinators.combine(Arbitraries.of(PROFILES.subList(0, 3)), Arbitraries.of("svc-a", "svc-b", "svc-c"),
                        Arbitraries.of("gold", "silver"), Arbitraries.of(Map.<String, String>of(), Map.of("scan", "deep")))
                .as((path, service, key, attributes) -> new Operation.PutProfile(path,
                        new ResolvedProfile(service, key, attributes)));
    }

    static String policyOf(String rulePath) {
        return rulePath.substring(0, rulePath.indexOf("/endpoint-rules/"));
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
