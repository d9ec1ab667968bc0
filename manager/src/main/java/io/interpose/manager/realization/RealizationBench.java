package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Measures realization on a generated datacenter (by default 50,000 VMs on 1,000 hosts, 2,000 groups,
 * 500 endpoint rules in 25 policies, 4 services): the median time of a full realization after warm-up,
 * the time of the incremental update after one VM's tag changes (p50/p99 over many changes), and the
 * time to replace one group (whose VMs then get their protections recomputed). Prints one JSON line.
 * Arguments override the shape: {@code vms=N hosts=N groups=N policies=N rules=N changes=N
 * group_changes=N runs=N warmups=N seed=N}.
 */
public final class RealizationBench {
    private static final int NAIVE_SAMPLE = 100;
    private final Map<String, Long> shape;

    private RealizationBench(Map<String, Long> shape) {
        this.shape = shape;
    }

    public static void main(String[] args) {
        System.out.println(run(args));
    }

    /** Runs the benchmark and returns its JSON line. */
    public static String run(String... args) {
        Map<String, Long> shape = new HashMap<>(Map.of("vms", 50_000L, "hosts", 1_000L, "groups", 2_000L,
                "policies", 25L, "rules", 500L, "changes", 2_000L, "group_changes", 100L, "runs", 5L, "warmups", 2L,
                "seed", 42L));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !shape.containsKey(pair[0])) {
                throw new IllegalArgumentException("expected one of " + shape.keySet() + " as key=number, got " + arg);
            }
            shape.put(pair[0], Long.parseLong(pair[1]));
        }
        return new RealizationBench(shape).measure();
    }

    private String measure() {
        BenchInventory generator = new BenchInventory(get("seed"));
        RealizationInputs inputs = generator.generate(get("vms"), get("hosts"), get("groups"), get("policies"), get("rules"));
        RealizationEngine engine = new RealizationEngine();
        for (int i = 0; i < get("warmups"); i++) {
            engine.rebuildAll(inputs);
        }
        double[] full = new double[get("runs")];
        double[] fullCpu = new double[full.length];
        for (int i = 0; i < full.length; i++) {
            System.gc();
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            engine.rebuildAll(inputs);
            full[i] = millisSince(start);
            fullCpu[i] = (processCpuNanos() - cpu) / 1_000_000.0;
        }
        engine.drainChangedVms();
        long protectedVms = inputs.vms().stream().filter(vm -> !engine.protections(vm.externalId()).isEmpty()).count();
        long memberships = inputs.groups().keySet().stream().mapToLong(path -> engine.members(path).size()).sum();
        System.gc();
        double[] incremental = incremental(engine, generator, inputs.vms());
        double[] groupChanges = groupChanges(engine, generator, inputs.groups().size());
        double naive = naiveEstimate(inputs);
        String json = json(inputs, new long[] {memberships, protectedVms}, full, fullCpu, incremental, groupChanges);
        return json.substring(0, json.length() - 1) + String.format(Locale.ROOT,
                ",\"baseline\":\"naive: every group evaluated against every VM, one thread, no index\","
                        + "\"naive_full_ms_estimate\":%.0f,\"speedup_vs_naive\":%.1f}", naive, naive / median(full));
    }

    /**
     * The same-run baseline: the time a naive realization would take to evaluate every group against every
     * VM (membership only, no protections), estimated from a sample of groups without group references.
     */
    private static double naiveEstimate(RealizationInputs inputs) {
        List<io.interpose.model.policy.Group> sample = inputs.groups().values().stream()
                .filter(g -> g.referencedGroupPaths().isEmpty()).limit(NAIVE_SAMPLE).toList();
        long matches = 0;
        long start = System.nanoTime();
        for (io.interpose.model.policy.Group group : sample) {
            for (VirtualMachine vm : inputs.vms()) {
                matches += group.matches(vm, io.interpose.model.policy.GroupMembership.NONE) ? 1 : 0;
            }
        }
        double perGroup = millisSince(start) / Math.max(1, sample.size());
        return matches >= 0 ? perGroup * inputs.groups().size() : 0;
    }

    private double[] incremental(RealizationEngine engine, BenchInventory generator, List<VirtualMachine> vms) {
        List<VirtualMachine> current = new ArrayList<>(vms);
        Random pick = new Random(get("seed") + 1);
        double[] times = new double[get("changes")];
        for (int i = -times.length / 10; i < times.length; i++) {
            int index = pick.nextInt(current.size());
            VirtualMachine changed = generator.retag(current.get(index));
            current.set(index, changed);
            long start = System.nanoTime();
            engine.putVm(changed);
            double elapsed = millisSince(start);
            if (i >= 0) {
                times[i] = elapsed;
            }
        }
        return times;
    }

    /** Replaces a group (that no other group references) with another application's group, many times. */
    private double[] groupChanges(RealizationEngine engine, BenchInventory generator, int groups) {
        Random pick = new Random(get("seed") + 2);
        double[] times = new double[get("group_changes")];
        for (int i = -times.length / 10; i < times.length; i++) {
            String path = BenchInventory.groupPath(pick.nextInt(groups));
            long start = System.nanoTime();
            engine.putGroup(path, generator.appGroup());
            if (i >= 0) {
                times[i] = millisSince(start);
            }
        }
        Arrays.sort(times);
        return times;
    }

    private String json(RealizationInputs inputs, long[] counts, double[] full, double[] fullCpu,
                        double[] incremental, double[] groupChanges) {
        Arrays.sort(incremental);
        return String.format(Locale.ROOT, "{\"benchmark\":\"realization\",\"cores\":%d,\"java\":\"%s\",\"vms\":%d,"
                        + "\"hosts\":%d,\"groups\":%d,\"policies\":%d,\"rules\":%d,\"memberships\":%d,\"protected_vms\":%d,"
                        + "\"full_ms_median\":%.1f,\"full_ms_runs\":[%s],\"full_cpu_ms_median\":%.1f,"
                        + "\"load_average\":%.2f,\"incremental_changes\":%d,"
                        + "\"incremental_ms_p50\":%.3f,\"incremental_ms_p99\":%.3f,\"incremental_ms_max\":%.3f,"
                        + "\"group_changes\":%d,\"group_change_ms_p50\":%.2f,\"group_change_ms_p99\":%.2f}",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), inputs.vms().size(),
                get("hosts"), inputs.groups().size(), inputs.policies().size(), inputs.rules().size(), counts[0],
                counts[1], median(full), Arrays.stream(full).mapToObj(t -> String.format(Locale.ROOT, "%.1f", t))
                        .collect(Collectors.joining(",")), median(fullCpu),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), incremental.length, percentile(incremental, 50), percentile(incremental, 99),
                incremental.length == 0 ? 0 : incremental[incremental.length - 1],
                groupChanges.length, percentile(groupChanges, 50), percentile(groupChanges, 99));
    }

    /** CPU time of the whole process (all threads, GC included), or 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private int get(String key) {
        return Math.toIntExact(shape.get(key));
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }

    private static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
