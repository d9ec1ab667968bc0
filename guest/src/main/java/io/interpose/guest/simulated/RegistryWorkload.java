package io.interpose.guest.simulated;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.RegistryEvent;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry part of a Windows guest's workload: each {@link #step()} sets a value under an ordinary key
 * (most often), creates or deletes a session key, deletes a value it set, or, now and then, writes an autorun
 * value under the HKLM or HKCU {@code ...\CurrentVersion\Run} key that points into alice's Downloads or Temp
 * (a persistence attempt). Each yields one REGISTRY_* event, sent as the Interest asks (see {@link Emitter});
 * the registry changes only when the operation is allowed.
 */
final class RegistryWorkload {

    /** Registry steps among every ten others of the workload. */
    static final int SHARE = 3;
    static final int MAX_DATA = 4096;
    static final String SESSIONS = "HKCU\\Software\\Contoso\\ERP\\Sessions";
    static final List<String> ORDINARY_KEYS = List.of("HKCU\\Software\\Contoso\\ERP\\Settings",
            "HKLM\\Software\\Contoso\\ERP", "HKCU\\Software\\Microsoft\\Notepad");
    private static final int MAX_NAMES = 20;

    private final SimulatedVm vm;
    private final GuestRegistry registry;
    private final Emitter emitter;
    private final Random random;
    private final AtomicInteger counter = new AtomicInteger();

    RegistryWorkload(SimulatedVm vm, GuestRegistry registry, Emitter emitter, Random random) {
        this.vm = vm;
        this.registry = registry;
        this.emitter = emitter;
        this.random = random;
    }

    /** One registry operation (the caller holds the workload's lock). */
    void step() {
        Optional<SimulatedProcess> actor = vm.processes.process(vm.flavour.shellPid)
                .or(() -> vm.processes.processes().stream().findFirst());
        if (actor.isEmpty()) {
            return;
        }
        int pick = random.nextInt(10);
        if (pick < 5) {
            setOrdinaryValue(actor.get());
        } else if (pick < 6) {
            createSessionKey(actor.get());
        } else if (pick < 7) {
            deleteOrdinaryValue(actor.get());
        } else if (pick < 8) {
            deleteSessionKey(actor.get());
        } else {
            writeAutorun(actor.get());
        }
    }

    private void setOrdinaryValue(SimulatedProcess actor) {
        String key = ORDINARY_KEYS.get(random.nextInt(ORDINARY_KEYS.size()));
        int n = counter.incrementAndGet();
        GuestRegistry.Value value = random.nextBoolean() ? GuestRegistry.Value.dword(n) : GuestRegistry.Value.string("value " + n);
        setValue(actor, key, "Setting" + (n % MAX_NAMES), value);
    }

    private void writeAutorun(SimulatedProcess actor) {
        String key = random.nextBoolean() ? GuestRegistry.HKLM_RUN : GuestRegistry.HKCU_RUN;
        int n = counter.incrementAndGet() % MAX_NAMES;
        String target = random.nextBoolean() ? vm.flavour.downloads + "\\download-" + n + ".exe"
                : "C:\\Users\\alice\\AppData\\Local\\Temp\\svc-" + n + ".exe";
        setValue(actor, key, "Updater" + n, GuestRegistry.Value.string(target));
    }

    private void setValue(SimulatedProcess actor, String key, String name, GuestRegistry.Value value) {
        emit(actor, EventType.REGISTRY_SET_VALUE, key, name, Optional.of(value), () -> registry.setValue(key, name, value));
    }

    private void createSessionKey(SimulatedProcess actor) {
        String key = SESSIONS + "\\" + (counter.incrementAndGet() % MAX_NAMES);
        emit(actor, EventType.REGISTRY_CREATE_KEY, key, "", Optional.empty(), () -> registry.createKey(key));
    }

    private void deleteSessionKey(SimulatedProcess actor) {
        List<String> sessions = registry.keys().stream().filter(k -> k.startsWith(SESSIONS + "\\")).toList();
        if (sessions.isEmpty()) {
            createSessionKey(actor);
            return;
        }
        String key = sessions.get(random.nextInt(sessions.size()));
        emit(actor, EventType.REGISTRY_DELETE_KEY, key, "", Optional.empty(), () -> registry.deleteKey(key));
    }

    private void deleteOrdinaryValue(SimulatedProcess actor) {
        String key = ORDINARY_KEYS.get(random.nextInt(ORDINARY_KEYS.size()));
        List<String> set = registry.valueNames(key).stream().filter(name -> name.startsWith("Setting")).toList();
        if (set.isEmpty()) {
            setOrdinaryValue(actor);
            return;
        }
        String name = set.get(random.nextInt(set.size()));
        emit(actor, EventType.REGISTRY_DELETE_VALUE, key, name, Optional.empty(), () -> registry.deleteValue(key, name));
    }

    /** Sends the operation's event as the Interest asks, and makes the {@code change} once it is allowed. */
    private void emit(SimulatedProcess actor, EventType type, String key, String name, Optional<GuestRegistry.Value> value,
            Runnable change) {
        RegistryEvent.Builder detail = RegistryEvent.newBuilder().setKeyPath(key).setValueName(name);
        value.ifPresent(v -> {
            ByteString data = v.data();
            detail.setValueType(v.type()).setValueData(data.substring(0, Math.min(data.size(), MAX_DATA)))
                    .setValueTruncated(data.size() > MAX_DATA);
        });
        Event.Builder event = emitter.event(type, actor).setRegistry(detail);
        emitter.emit(event, name.isEmpty() ? key : key + "\\" + name).thenAccept(allowed -> {
            if (allowed) {
                change.run();
            }
        });
    }
}
