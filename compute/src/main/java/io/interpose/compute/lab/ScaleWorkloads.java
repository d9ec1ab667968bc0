package io.interpose.compute.lab;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The workload mix of a generated large inventory: which roles VMs play, which OS each role runs,
 * how they are named and tagged. Draws only from the {@link Random} it is given, in a fixed order, so
 * that a seed always gives the same VMs.
 */
final class ScaleWorkloads {
    static final Weighted<String> HOST_VERSIONS = new Weighted<String>()
            .add("7.0.3", 20).add("8.0.1", 30).add("8.0.2", 50);

    private enum Family { LINUX, WINDOWS_SERVER, WINDOWS_DESKTOP }

    private record Role(String name, String code, String app, String tier, Family family) {}

    private static final Weighted<Role> ROLES = new Weighted<Role>()
            .add(new Role("web", "web", "web", "frontend", Family.LINUX), 25)
            .add(new Role("app", "app", "api", "backend", Family.LINUX), 15)
            .add(new Role("k8s-node", "k8s", "k8s", "backend", Family.LINUX), 12)
            .add(new Role("win-app", "erp", "erp", "backend", Family.WINDOWS_SERVER), 12)
            .add(new Role("db", "db", "db", "data", Family.LINUX), 10)
            .add(new Role("cache", "cch", "cache", "data", Family.LINUX), 5)
            .add(new Role("win-sql", "sql", "db", "data", Family.WINDOWS_SERVER), 5)
            .add(new Role("vdi", "vdi", "vdi", "desktop", Family.WINDOWS_DESKTOP), 5)
            .add(new Role("mq", "mq", "mq", "backend", Family.LINUX), 4)
            .add(new Role("win-file", "fs", "file", "data", Family.WINDOWS_SERVER), 3)
            .add(new Role("win-dc", "dc", "infra", "infra", Family.WINDOWS_SERVER), 2)
            .add(new Role("build", "bld", "ci", "infra", Family.LINUX), 1)
            .add(new Role("jump", "jmp", "", "infra", Family.LINUX), 1);

    private static final Map<Family, Weighted<String>> OSES = Map.of(
            Family.LINUX, new Weighted<String>()
                    .add("Ubuntu 22.04 LTS", 30).add("Ubuntu 20.04 LTS", 15)
                    .add("Red Hat Enterprise Linux 9", 15).add("Red Hat Enterprise Linux 8", 12)
                    .add("Debian GNU/Linux 12", 10).add("Rocky Linux 9", 6).add("CentOS 7", 5)
                    .add("SUSE Linux Enterprise Server 15", 4).add("Debian GNU/Linux 11", 3),
            Family.WINDOWS_SERVER, new Weighted<String>()
                    .add("Microsoft Windows Server 2022", 50).add("Microsoft Windows Server 2019", 35)
                    .add("Microsoft Windows Server 2016", 15),
            Family.WINDOWS_DESKTOP, new Weighted<String>()
                    .add("Microsoft Windows 11", 60).add("Microsoft Windows 10", 40));

    private static final Set<String> LEGACY_OSES = Set.of("CentOS 7", "Microsoft Windows Server 2016", "Microsoft Windows 10");

    /** {@code ""} means no env tag and no env prefix in the name. */
    private static final Weighted<String> ENVS = new Weighted<String>()
            .add("prod", 50).add("dev", 20).add("test", 15).add("staging", 10).add("", 5);

    /** Forty teams owning VMs with a long-tail (1/k) spread. */
    private static final Weighted<String> TEAMS = IntStream.rangeClosed(1, 40).boxed()
            .reduce(new Weighted<>(), (w, k) -> w.add(String.format("t%02d", k), 1.0 / k), (a, b) -> a);

    private final Random random;
    private final Map<String, Integer> counters = new HashMap<>();

    ScaleWorkloads(Random random) {
        this.random = random;
    }

    VirtualMachine next(String externalId, String hostId) {
        Role role = ROLES.pick(random);
        String env = ENVS.pick(random);
        String os = OSES.get(role.family()).pick(random);
        String prefix = (env.isEmpty() ? "" : env + "-") + role.name();
        int number = counters.merge(prefix, 1, Integer::sum);
        String name = String.format("%s-%05d", prefix, number);
        return new VirtualMachine(externalId, name, hostId, computerName(role, env, name, number), os,
                tags(role, env, os), powerState());
    }

    private static String computerName(Role role, String env, String name, int number) {
        if (role.family() == Family.LINUX) {
            return name + "." + (env.isEmpty() ? "corp" : env) + ".example.com";
        }
        String envCode = env.isEmpty() ? "X" : env.substring(0, 1);
        return String.format("W%s%s%05d", envCode, role.code(), number).toUpperCase();
    }

    private List<Tag> tags(Role role, String env, String os) {
        var tags = new ArrayList<Tag>();
        if (!env.isEmpty()) {
            tags.add(Tag.of("env", env));
        }
        if (!role.app().isEmpty()) {
            tags.add(Tag.of("app", role.app()));
        }
        tags.add(Tag.of("tier", role.tier()));
        if (random.nextInt(10) < 7) {
            tags.add(Tag.of("team", TEAMS.pick(random)));
        }
        if (env.equals("prod") && !role.tier().equals("infra") && random.nextInt(10) == 0) {
            tags.add(Tag.of("", "pci"));
        }
        if (LEGACY_OSES.contains(os)) {
            tags.add(Tag.of("", "legacy"));
        }
        if (random.nextInt(500) == 0) {
            tags.add(Tag.of("", "quarantine"));
        }
        return tags;
    }

    private PowerState powerState() {
        int draw = random.nextInt(100);
        return draw < 92 ? PowerState.POWERED_ON : draw < 98 ? PowerState.POWERED_OFF : PowerState.SUSPENDED;
    }

    /** Values with relative weights, picked at random in proportion to their weight. */
    static final class Weighted<T> {
        private final List<T> values = new ArrayList<>();
        private final List<Double> cumulative = new ArrayList<>();
        private double total;

        Weighted<T> add(T value, double weight) {
            total += weight;
            values.add(value);
            cumulative.add(total);
            return this;
        }

        T pick(Random random) {
            double draw = random.nextDouble() * total;
            for (int i = 0; i < values.size(); i++) {
                if (draw < cumulative.get(i)) {
                    return values.get(i);
                }
            }
            return values.get(values.size() - 1);
        }
    }
}
