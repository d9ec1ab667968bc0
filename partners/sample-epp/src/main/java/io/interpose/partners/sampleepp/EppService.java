package io.interpose.partners.sampleepp;

import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.RegistryEvent;
import io.interpose.protocol.gi.Severity;
import io.interpose.sdk.Detection;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionService;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.ServiceContext;
import io.interpose.sdk.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample endpoint protection service. It decides file opens and execs: denied when the path matches
 * the profile's {@value ProtectionLevel#DENY_PATTERN} or the file was found infected in that VM. On every
 * close after a write it reads the file's first {@value #SCAN_BYTES} bytes; a file holding the EICAR test
 * string is reported as a detection and denied from then on (a {@code DenyAccess} order), and at the
 * {@code COMPREHENSIVE} level also quarantined. It watches process starts (and counts them). On Windows guests
 * it decides registry value sets: an autorun value under a {@code Run}/{@code RunOnce} key pointing into a
 * user-writable directory ({@link AutorunRule}) is denied and reported as a detection, at every level; any
 * other value set is allowed.
 */
final class EppService implements GuestIntrospectionService {
    /** The EICAR anti-virus test string: harmless, and every scanner's test. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    static final String THREAT = "EICAR-Test-File";
    static final int SCAN_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(EppService.class);
    private static final Duration ALLOW_CACHE = Duration.ofMinutes(1);

    private final Map<String, Set<String>> infected = new ConcurrentHashMap<>();
    private final Map<String, Long> processStarts = new ConcurrentHashMap<>();

    @Override
    public List<Subscription> subscriptions() {
        return List.of(Subscription.decide(EventType.FILE_OPEN), Subscription.decide(EventType.FILE_EXEC),
                Subscription.notify(EventType.FILE_CLOSE_WRITE), Subscription.notify(EventType.PROCESS_START),
                Subscription.decide(EventType.REGISTRY_SET_VALUE));
    }

    @Override
    public void onEvent(GuestEvent event, ServiceContext context) {
        switch (event.type()) {
            case FILE_OPEN, FILE_EXEC -> decide(event, context);
            case FILE_CLOSE_WRITE -> scan(event, context);
            case PROCESS_START -> processStarts.merge(event.vmId(), 1L, Long::sum);
            case REGISTRY_SET_VALUE -> decideRegistry(event, context);
            default -> event.allow();
        }
    }

    @Override
    public void onProtected(ProtectedVm vm, ServiceContext context) {
        LOG.info("protecting {} ({}) at level {}", vm.vmName(), vm.vmId(), vm.vendorTemplateKey());
    }

    @Override
    public void onUnprotected(ProtectedVm vm, ServiceContext context) {
        infected.remove(vm.vmId());
        processStarts.remove(vm.vmId());
        LOG.info("no longer protecting {} ({})", vm.vmName(), vm.vmId());
    }

    /** Process starts seen in {@code vmId}. */
    long processStarts(String vmId) {
        return processStarts.getOrDefault(vmId, 0L);
    }

    private void decide(GuestEvent event, ServiceContext context) {
        String path = event.filePath().orElse("");
        ProtectionLevel level = ProtectionLevel.of(context.protectedVm(event.vmId()));
        if (infected.getOrDefault(event.vmId(), Set.of()).contains(path)) {
            event.deny("infected: " + THREAT);
        } else if (level.denies(path)) {
            event.deny("matches the deny pattern " + level.denyPattern());
        } else {
            event.allow(ALLOW_CACHE);
        }
    }

    private void decideRegistry(GuestEvent event, ServiceContext context) {
        RegistryEvent registry = event.message().getRegistry();
        AutorunRule.attempt(registry).ifPresentOrElse(program -> {
            event.deny("autorun of " + program + " from a user-writable directory");
            String value = registry.getKeyPath() + "\\" + registry.getValueName();
            context.reportDetection(Detection.of(event.vmId(), Severity.HIGH, AutorunRule.THREAT).withFile(program)
                    .withPid(event.process().getPid()).withRegistryKey(value).withDescription("autorun value " + value + " -> " + program)
                    .withActionTaken("denied"));
            LOG.warn("{} in {}: {} -> {} denied", AutorunRule.THREAT, event.vmId(), value, program);
        }, event::allow);
    }

    private void scan(GuestEvent event, ServiceContext context) {
        String path = event.filePath().orElse("");
        String vmId = event.vmId();
        context.readFile(vmId, path, 0, SCAN_BYTES)
                .thenAccept(head -> {
                    if (holdsEicar(head)) {
                        found(vmId, path, event.process().getPid(), context);
                    }
                })
                .exceptionally(e -> {
                    LOG.warn("could not scan {} in {}: {}", path, vmId, e.getMessage());
                    return null;
                });
    }

    private void found(String vmId, String path, int pid, ServiceContext context) {
        infected.computeIfAbsent(vmId, k -> ConcurrentHashMap.newKeySet()).add(path);
        boolean quarantine = ProtectionLevel.of(context.protectedVm(vmId)).quarantines();
        context.denyAccess(vmId, path, Duration.ZERO);
        if (quarantine) {
            context.quarantineFile(vmId, path);
        }
        context.reportDetection(Detection.of(vmId, Severity.HIGH, THREAT).withFile(path).withPid(pid)
                .withDescription("the EICAR anti-virus test string").withActionTaken(quarantine ? "quarantined" : "denied"));
        LOG.warn("{} found in {} of {}: {}", THREAT, path, vmId, quarantine ? "denied and quarantined" : "denied");
    }

    private static boolean holdsEicar(FileBytes head) {
        return head.getData().toString(StandardCharsets.ISO_8859_1).contains(EICAR);
    }
}
