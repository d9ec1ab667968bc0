package io.interpose.compute.agent;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryListener;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Benchmark: one agency deployed to a cluster of simulated hosts (500 unless an argument says otherwise)
 * with the {@link SimulatedSvmRuntime}; prints one JSON line with the time from {@code createAgency} until
 * every agent is ready. Run it with
 * {@code java -cp <compute jar and its dependencies> io.interpose.compute.agent.AgentBench [hosts]}.
 */
public final class AgentBench {
    private AgentBench() {}

    /** The outcome: hosts, milliseconds until every agent was ready, service VM starts. */
    public record Result(int hosts, long millisToAllReady, int starts) {
        public String json() {
            return "{\"benchmark\":\"agent-deploy\",\"runtime\":\"simulated\",\"hosts\":" + hosts
                    + ",\"ms_to_all_ready\":" + millisToAllReady + ",\"svm_starts\":" + starts + "}";
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 500).json());
    }

    /** Deploys to {@code hosts} simulated hosts and measures; fails if they are not all ready within 5 minutes. */
    public static Result run(int hosts) throws IOException, InterruptedException, ExecutionException, TimeoutException {
        Path dir = Files.createTempDirectory("agent-bench");
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        var runtime = new SimulatedSvmRuntime();
        try (var manager = LabAgentManager.open(dir.resolve("agents"), new FixedInventory(inventory(hosts)), runtime,
                AgentManagerSettings.defaults(executor))) {
            CompletableFuture<Void> allReady = new CompletableFuture<>();
            Set<String> ready = ConcurrentHashMap.newKeySet();
            manager.watch(event -> {
                if (event instanceof AgentEvent.AgentUpdated updated && updated.agent().runtime().ready()
                        && ready.add(updated.agent().hostId()) && ready.size() == hosts) {
                    allReady.complete(null);
                }
            });
            long start = System.nanoTime();
            manager.createAgency("bench", AgencyConfig.of("Bench", "cluster-1", PackageSource.directory(dir, 256, "svm")),
                    GoalState.ENABLED);
            allReady.get(5, TimeUnit.MINUTES);
            return new Result(hosts, (System.nanoTime() - start) / 1_000_000, runtime.starts());
        } finally {
            executor.shutdownNow();
            delete(dir);
        }
    }

    private static Inventory inventory(int hosts) {
        List<Host> all = IntStream.rangeClosed(1, hosts)
                .mapToObj(i -> new Host("host-" + i, "esx-" + i + ".bench.local", "cluster-1", "8.0.2")).toList();
        return new Inventory(List.of(new Cluster("cluster-1", "Bench")), all, List.of());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** An inventory that never changes. */
    private record FixedInventory(Inventory inventory) implements ComputeManager {
        @Override
        public String id() {
            return "bench";
        }

        @Override
        public Inventory snapshot() {
            return inventory;
        }

        @Override
        public AutoCloseable watch(InventoryListener listener) {
            return () -> { };
        }

        @Override
        public void updateVmTags(String externalId, List<Tag> tags) {
            throw new UnknownObjectException("no VM '" + externalId + "'");
        }
    }
}
