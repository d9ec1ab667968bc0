package com.example.partner;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.Severity;
import io.interpose.sdk.Detection;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.Subscription;
import io.interpose.sdk.SvmEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Blocks programs started from /tmp, and reports shell scripts written anywhere. */
public final class ExamplePartner implements GuestIntrospectionService {

    @Override
    public List<Subscription> subscriptions() {
        return List.of(Subscription.decide(EventType.FILE_EXEC), Subscription.notify(EventType.FILE_CLOSE_WRITE));
    }

    @Override
    public void onEvent(GuestEvent event, ServiceContext context) {
        String path = event.filePath().orElse("");
        if (event.type() == EventType.FILE_EXEC) {
            if (path.startsWith("/tmp/")) {
                event.deny("no programs from /tmp");
            } else {
                event.allow(Duration.ofMinutes(5));
            }
        } else if (path.endsWith(".sh")) {
            context.readFile(event.vmId(), path, 0, 2).thenAccept(head -> {
                if (head.getData().toStringUtf8().equals("#!")) {
                    context.reportDetection(Detection.of(event.vmId(), Severity.LOW, "New shell script").withFile(path));
                }
            });
        }
    }

    /** Connects to the MUX named in the OVF environment; the SDK reconnects by itself from then on. */
    public static GuestIntrospectionClient run(Path ovfEnvXml) throws IOException {
        GuestIntrospectionClient client = GuestIntrospectionClient.start(SvmEnvironment.read(ovfEnvXml), new ExamplePartner());
        client.context().reportHealth(HealthState.HEALTHY, "ready");
        return client;
    }

    public static void main(String[] args) throws Exception {
        GuestIntrospectionClient client = run(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(client::close));
        Thread.currentThread().join();
    }
}
