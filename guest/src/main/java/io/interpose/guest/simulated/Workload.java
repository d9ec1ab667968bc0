package io.interpose.guest.simulated;

import io.interpose.guest.link.GuestLink;
import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.NetworkEvent;
import io.interpose.protocol.gi.ProcessEvent;
import io.interpose.protocol.gi.SystemEvent;
import io.interpose.protocol.gi.UserEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a simulated guest busy: each {@link #step()} is one operation (open a file, run a program, write a
 * new file, sometimes the EICAR one, end a process, open or close a connection, log in or out) that changes
 * the guest's state and yields one to three events; a Windows guest also changes its registry
 * ({@link RegistryWorkload}). It sends only what the current Interest asks for: types in {@code decide} through
 * {@link GuestLink#decide} (and the operation happens only if allowed), types in {@code notify} through
 * {@link GuestLink#notify}, others not at all (see {@link Emitter}). A session starts with SYSTEM_AGENT_START
 * and alice's USER_LOGIN.
 */
final class Workload {

    private static final int MAX_NEW_FILES = 200;
    private static final int MAX_PROCESSES = 100;
    private static final int MAX_CONNECTIONS = 50;

    private final SimulatedVm vm;
    private final GuestLink link;
    private final Emitter emitter;
    private final Random random;
    private final Optional<RegistryWorkload> registry;
    private final AtomicInteger newFiles = new AtomicInteger();
    private volatile boolean sessionStarting;
    private boolean loggedIn = true;

    Workload(SimulatedVm vm, GuestLink link, Outcomes outcomes, long seed) {
        this.vm = vm;
        this.link = link;
        this.emitter = new Emitter(vm, link, outcomes);
        this.random = new Random(seed);
        this.registry = vm.registry.map(r -> new RegistryWorkload(vm, r, emitter, random));
    }

    /** The next step starts a session (agent start, login) before anything else. */
    void sessionStarting() {
        sessionStarting = true;
    }

    /** One operation; nothing while the link is down. */
    synchronized void step() {
        if (!link.isConnected()) {
            return;
        }
        if (sessionStarting) {
            sessionStarting = false;
            startSession();
            return;
        }
        int pick = random.nextInt(registry.isPresent() ? 10 + RegistryWorkload.SHARE : 10);
        if (pick >= 10) {
            registry.orElseThrow().step();
        } else if (pick < 4) {
            openFile();
        } else if (pick < 6) {
            exec();
        } else if (pick < 7) {
            writeNewFile();
        } else if (pick < 8) {
            exitProcess();
        } else if (pick < 9) {
            network();
        } else {
            loginOrOut();
        }
    }

    private void startSession() {
        firstProcess().ifPresent(init -> emit(event(EventType.SYSTEM_AGENT_START, init)
                .setSystem(SystemEvent.newBuilder().setAgentVersion("simulated-0.1.0").setReason("agent start")), "agent"));
        loggedIn = false;
        loginOrOut();
    }

    private void openFile() {
        Optional<SimulatedProcess> actor = someProcess();
        List<SimulatedFile> files = vm.files.files();
        if (actor.isEmpty() || files.isEmpty()) {
            return;
        }
        SimulatedFile file = files.get(random.nextInt(files.size()));
        if (deniedLocally(EventType.FILE_OPEN, file.path())) {
            return;
        }
        emit(event(EventType.FILE_OPEN, actor.get()).setFile(FileEvent.newBuilder().setFile(file.context())), file.path());
    }

    private void exec() {
        Optional<SimulatedProcess> parent = vm.processes.process(vm.flavour.shellPid).or(this::someProcess);
        List<SimulatedFile> programs = vm.files.files().stream().filter(f -> (f.mode() & 0111) != 0).toList();
        if (parent.isEmpty() || programs.isEmpty() || vm.processes.processes().size() >= MAX_PROCESSES) {
            exitProcess();
            return;
        }
        SimulatedFile program = programs.get(random.nextInt(programs.size()));
        if (deniedLocally(EventType.FILE_EXEC, program.path())) {
            return;
        }
        emit(event(EventType.FILE_EXEC, parent.get()).setFile(FileEvent.newBuilder().setFile(program.context())), program.path())
                .thenAccept(allowed -> {
                    if (allowed) {
                        started(parent.get(), program);
                    }
                });
    }

    private void started(SimulatedProcess parent, SimulatedFile program) {
        String name = vm.flavour.fileName(program.path());
        SimulatedProcess child = vm.processes.start(parent.pid(), program.path(), List.of(name), parent.uid(), parent.userName());
        emit(event(EventType.PROCESS_START, child).setProcessEvent(ProcessEvent.getDefaultInstance()), program.path())
                .thenAccept(allowed -> {
                    if (!allowed) {
                        vm.processes.kill(child.pid(), 0);
                    }
                });
    }

    private void writeNewFile() {
        Optional<SimulatedProcess> actor = someProcess();
        if (actor.isEmpty()) {
            return;
        }
        int n = newFiles.incrementAndGet() % MAX_NEW_FILES;
        boolean eicar = random.nextInt(5) == 0;
        String path = vm.flavour.downloads + vm.flavour.separator() + "download-" + n + (eicar ? ".com" : ".txt");
        SimulatedFile file = vm.files.writeRegular(path, eicar ? GuestFileSystem.EICAR : "downloaded " + n + "\n", actor.get().uid());
        FileEvent detail = FileEvent.newBuilder().setFile(file.context()).build();
        emit(event(EventType.FILE_CREATE, actor.get()).setFile(detail), path);
        emit(event(EventType.FILE_CLOSE_WRITE, actor.get()).setFile(detail), path).thenAccept(allowed -> {
            if (!allowed) {
                vm.denyAccess(path, Duration.ZERO);
            }
        });
    }

    private void exitProcess() {
        List<SimulatedProcess> ended = vm.processes.processes().stream().filter(p -> p.pid() > vm.flavour.shellPid).toList();
        if (ended.isEmpty()) {
            return;
        }
        SimulatedProcess process = ended.get(random.nextInt(ended.size()));
        Event.Builder event = event(EventType.PROCESS_EXIT, process).setProcessEvent(ProcessEvent.newBuilder().setExitCode(0));
        if (vm.processes.kill(process.pid(), 0).isPresent()) {
            vm.closeConnectionsOf(process.pid());
            emit(event, process.executable());
        }
    }

    private void network() {
        List<Connection> open = vm.connections().stream().filter(c -> c.getState().equals("ESTABLISHED")).toList();
        if (open.size() >= MAX_CONNECTIONS || (!open.isEmpty() && random.nextBoolean())) {
            Connection closing = open.get(random.nextInt(open.size()));
            vm.close(closing);
            someProcess().ifPresent(p -> emit(event(EventType.NETWORK_CLOSE, p).setNetwork(NetworkEvent.newBuilder()
                    .setConnection(closing).setBytesSent(random.nextInt(100_000)).setBytesReceived(random.nextInt(1_000_000))),
                    closing.getRemoteAddress()));
            return;
        }
        someProcess().ifPresent(this::connectOrAccept);
    }

    private void connectOrAccept(SimulatedProcess actor) {
        boolean outbound = random.nextBoolean();
        Connection connection = outbound
                ? SimulatedVm.tcp("10.0.0.10", 40_000 + random.nextInt(20_000), "93.184.216." + random.nextInt(256), 443,
                        actor.pid(), "ESTABLISHED")
                : SimulatedVm.tcp("10.0.0.10", vm.flavour.remoteAccessPort, "10.0.0." + (2 + random.nextInt(200)), 30_000 + random.nextInt(30_000),
                        actor.pid(), "ESTABLISHED");
        EventType type = outbound ? EventType.NETWORK_CONNECT : EventType.NETWORK_ACCEPT;
        emit(event(type, actor).setNetwork(NetworkEvent.newBuilder().setConnection(connection)), connection.getRemoteAddress())
                .thenAccept(allowed -> {
                    if (allowed) {
                        vm.open(connection);
                    }
                });
    }

    private void loginOrOut() {
        Optional<SimulatedProcess> login = vm.processes.process(vm.flavour.loginPid).or(this::someProcess);
        if (login.isEmpty()) {
            return;
        }
        EventType type = loggedIn ? EventType.USER_LOGOUT : EventType.USER_LOGIN;
        loggedIn = !loggedIn;
        GuestFlavour os = vm.flavour;
        emit(event(type, login.get()).setUser(UserEvent.newBuilder().setUserName(os.userName).setUid(os.uid)
                .setSessionId(os.sessionId).setTerminal(os.terminal).setRemoteAddress("10.0.0.5")), os.userName);
    }

    private boolean deniedLocally(EventType type, String path) {
        if (!vm.isDenied(path)) {
            return false;
        }
        emitter.deniedLocally(type, path);
        return true;
    }

    private CompletableFuture<Boolean> emit(Event.Builder event, String subject) {
        return emitter.emit(event, subject);
    }

    private Event.Builder event(EventType type, SimulatedProcess actor) {
        return emitter.event(type, actor);
    }

    private Optional<SimulatedProcess> someProcess() {
        List<SimulatedProcess> all = vm.processes.processes();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(random.nextInt(all.size())));
    }

    private Optional<SimulatedProcess> firstProcess() {
        List<SimulatedProcess> all = vm.processes.processes();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
