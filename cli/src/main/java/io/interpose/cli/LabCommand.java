package io.interpose.cli;

import io.interpose.lab.Lab;
import io.interpose.lab.LabSample;
import io.interpose.manager.ManagerConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Option;

/** {@code interpose lab}: the whole system on one machine; its subcommands administer the lab. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run the manager with the embedded store and a lab datacenter (Ctrl-C stops it).",
        subcommands = {LabClusterCommand.class, LabHostCommand.class, LabVmCommand.class, LabSvmCommand.class, LabNetworkCommand.class,
                LabPoolCommand.class})
public final class LabCommand implements Runnable {
    @Option(names = "--data", defaultValue = "lab-data", scope = ScopeType.INHERIT,
            description = "Data directory (default: ${DEFAULT-VALUE}); reused on the next start. The lab's subcommands find the running lab through its lab.json.")
    Path data;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--no-sample", description = "Do not register and deploy the sample EPP service.")
    boolean noSample;

    private static final long START_WAIT_MINUTES = 2;

    @Override
    public void run() {
        CountDownLatch stopped = new CountDownLatch(1);
        CompletableFuture<Lab> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C during the start: close the lab once it is up (its SVMs would outlive us otherwise)
            Lab starting = started.completeOnTimeout(null, START_WAIT_MINUTES, TimeUnit.MINUTES).exceptionally(e -> null).join();
            if (starting != null) {
                System.out.println("interpose: stopping the lab");
                starting.close();
            }
            stopped.countDown();
        }, "lab-shutdown"));
        Lab lab;
        try {
            lab = Lab.start(ManagerConfig.embedded(data, port));
            started.complete(lab);
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        }
        System.out.println("Interpose lab is running.");
        System.out.println("  API:       " + lab.manager().url());
        System.out.println("  user:      " + lab.manager().adminUser());
        System.out.println("  password:  " + lab.manager().adminPassword().orElse("(unchanged; see " + lab.labJson() + ")"));
        System.out.println("  CA cert:   " + lab.manager().caCertificate().map(Path::toString).orElse("(plain HTTP)"));
        System.out.println("  lab.json:  " + lab.labJson().toAbsolutePath());
        System.out.println("Try: curl --cacert " + lab.manager().caCertificate().map(Path::toString).orElse("")
                + " -u " + lab.manager().adminUser() + ":<password> " + lab.manager().url() + "/api/v1/fabric/virtual-machines");
        if (!noSample) {
            try {
                System.out.println(LabSample.ensureDeployed(LabClient.fromLabJson(data)::send, LabSample.defaultPackage()));
            } catch (java.io.IOException | RuntimeException e) {
                System.out.println("sample service not deployed: " + e.getMessage());
            }
        }
        System.out.println("A real Linux thin agent can stand in for a running VM (as root): ./interpose guest --lab-vm build-01"
                + (data.equals(Path.of("lab-data")) ? "" : " --data " + data) + " --watch <a directory>");
        System.out.println("Press Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
