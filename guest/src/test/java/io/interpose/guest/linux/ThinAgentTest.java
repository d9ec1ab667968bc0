package io.interpose.guest.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.interpose.guest.link.Backoff;
import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.GuestResponder;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.DenyAccess;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin agent with real fanotify on a tmpfs mounted for the test, real programs opening and running
 * files on it, and the fake MUX deciding. Needs root (CI runs as root).
 */
class ThinAgentTest {

    private static final Status UNSUPPORTED = Status.newBuilder().setCode(ResultCode.UNSUPPORTED).build();
    private static final GuestResponder NO_ANSWERS = new GuestResponder() {
        @Override
        public QueryResult answer(Query query) {
            return QueryResult.newBuilder().setStatus(UNSUPPORTED).build();
        }

        @Override
        public RemediationResult remediate(Remediation remediation) {
            return RemediationResult.newBuilder().setStatus(UNSUPPORTED).build();
        }
    };

    @TempDir
    Path dir;
    private Tmpfs tmpfs;
    private Path root;
    private FakeMux mux;
    private ThinAgent agent;
    private final Set<Path> denied = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void mount() throws Exception {
        assumeTrue(Tmpfs.runningAsRoot(), "fanotify permission events and mounting a tmpfs need root");
        tmpfs = Tmpfs.mount();
        root = tmpfs.root();
        mux = new FakeMux(dir.resolve("gi-guest.sock")).interest(decide(List.of(EventType.FILE_OPEN), 2_000, Decision.ALLOW))
                .rule(e -> Optional.of(e.getFile().getFile().getPath().contains("eicar") ? Decision.DENY : Decision.ALLOW)).start();
    }

    @AfterEach
    void unmount() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (mux != null) {
            mux.stop();
        }
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aServiceDeniesAnOpenAndTheProgramThatOpenedItGetsEperm() throws Exception {
        Path eicar = Files.writeString(root.resolve("eicar.com"), "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR");
        Path clean = Files.writeString(root.resolve("notes.txt"), "hello");
        startAgent();

        Result refused = run("cat", eicar.toString());
        Result read = run("cat", clean.toString());

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("Operation not permitted");
        assertThat(read.exit()).isZero();
        assertThat(read.output()).isEqualTo("hello");
        Event event = opened(eicar);
        assertThat(event.getAwaitsVerdict()).isTrue();
        assertThat(event.getFile().getFile().getSize()).isEqualTo(Files.size(eicar));
        assertThat(event.getFile().getFile().getInode()).isEqualTo(Files.getAttribute(eicar, "unix:ino"));
        assertThat(event.getProcess().getPid()).isEqualTo(refused.pid());
        assertThat(event.getProcess().getExecutable()).endsWith("/cat");
        assertThat(agent.counters().denied()).isEqualTo(1);
    }

    @Test
    void theAgentsOwnOpensNeverWaitForAVerdict() throws Exception {
        mux.rule(e -> Optional.empty());
        Path file = Files.writeString(root.resolve("own.txt"), "mine");
        startAgent();

        assertThat(Files.readString(file)).isEqualTo("mine");

        assertThat(agent.counters().ownEvents()).isPositive();
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isZero();
    }

    @Test
    void aSilentServiceLeavesTheOpenToTheInterestsDefaultDecisionAtTheDeadline() throws Exception {
        mux.rule(e -> Optional.empty()).interest(decide(List.of(EventType.FILE_OPEN), 200, Decision.DENY));
        Path file = Files.writeString(root.resolve("report.txt"), "q3");
        startAgent();

        assertThat(run("cat", file.toString()).exit()).isNotZero();
        assertThat(agent.counters().defaulted()).isEqualTo(1);

        mux.interest(decide(List.of(EventType.FILE_OPEN), 200, Decision.ALLOW));
        await().until(() -> agent.link().interest().defaultDecision() == Decision.ALLOW);
        assertThat(run("cat", file.toString()).output()).isEqualTo("q3");
    }

    @Test
    void onlyWhatTheInterestAsksForIsMarkedAndWritesAreReportedAfterTheFact() throws Exception {
        mux.interest(Interest.newBuilder().addNotify(EventType.FILE_CLOSE_WRITE).build());
        startAgent(0, LinuxNative.FAN_CLOSE_WRITE);
        assertThat(agent.marks().permissionMask()).isZero();
        Path written = root.resolve("download.bin");

        assertThat(run("sh", "-c", "echo payload > " + written).exit()).isZero();
        assertThat(run("cat", written.toString()).exit()).isZero();

        await().until(() -> mux.eventCount(EventType.FILE_CLOSE_WRITE) == 1);
        Event event = mux.events().stream().filter(e -> e.getType() == EventType.FILE_CLOSE_WRITE).findFirst().orElseThrow();
        assertThat(event.getAwaitsVerdict()).isFalse();
        assertThat(event.getFile().getFile().getPath()).isEqualTo(written.toString());
        assertThat(event.getFile().getFile().getSize()).isEqualTo(8);
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isZero();
    }

    @Test
    void filesCreatedRenamedAndDeletedByProgramsAreReportedWithTheirPaths() throws Exception {
        mux.interest(Interest.newBuilder().addNotify(EventType.FILE_CREATE).addNotify(EventType.FILE_RENAME)
                .addNotify(EventType.FILE_DELETE).build());
        Path downloads = Files.createDirectories(root.resolve("home/alice/Downloads"));
        startAgent(0, 0);
        await().until(() -> agent.entryMask() == (LinuxNative.FAN_CREATE | LinuxNative.FAN_DELETE | LinuxNative.FAN_RENAME
                | LinuxNative.FAN_ONDIR));
        Files.writeString(downloads.resolve("mine.txt"), "the agent's own write is not reported");

        Result shell = run("sh", "-c", "cd " + downloads + " && echo x > invoice.pdf && mv invoice.pdf invoice.pdf.exe && rm invoice.pdf.exe");

        assertThat(shell.exit()).isZero();
        await().until(() -> mux.eventCount(EventType.FILE_DELETE) == 1);
        List<Event> events = mux.events().stream().filter(e -> e.getType() != EventType.SYSTEM_AGENT_START).toList();
        assertThat(events).extracting(Event::getType)
                .containsExactly(EventType.FILE_CREATE, EventType.FILE_RENAME, EventType.FILE_DELETE);
        assertThat(events.get(0).getFile().getFile().getPath()).isEqualTo(downloads.resolve("invoice.pdf").toString());
        assertThat(events.get(1).getFile().getFile().getPath()).isEqualTo(downloads.resolve("invoice.pdf").toString());
        assertThat(events.get(1).getFile().getTarget().getPath()).isEqualTo(downloads.resolve("invoice.pdf.exe").toString());
        assertThat(events.get(1).getFile().getTarget().getInode()).isPositive();
        assertThat(events.get(2).getFile().getFile().getPath()).isEqualTo(downloads.resolve("invoice.pdf.exe").toString());
        assertThat(events).allSatisfy(e -> assertThat(e.getProcess().getPid()).isPositive());
    }

    @Test
    void directoriesMadeAndRemovedAreReportedAndTheirModeSaysSo() throws Exception {
        mux.interest(Interest.newBuilder().addNotify(EventType.FILE_CREATE).addNotify(EventType.FILE_DELETE).build());
        startAgent(0, 0);
        await().until(() -> agent.entryMask() == (LinuxNative.FAN_CREATE | LinuxNative.FAN_DELETE | LinuxNative.FAN_ONDIR));

        assertThat(run("sh", "-c", "mkdir " + root.resolve("stage") + " && rmdir " + root.resolve("stage")).exit()).isZero();

        await().until(() -> mux.eventCount(EventType.FILE_DELETE) == 1);
        List<Event> events = mux.events().stream().filter(e -> e.getType() != EventType.SYSTEM_AGENT_START).toList();
        assertThat(events).extracting(e -> e.getFile().getFile().getPath()).containsOnly(root.resolve("stage").toString());
        assertThat(events).extracting(e -> e.getFile().getFile().getMode() & 0170000).containsOnly(0040000);
    }

    @Test
    void anExcludedDirectoryIsNeitherAskedAboutNorReportedButADenyOrderStillHoldsThere() throws Exception {
        mux.interest(Interest.newBuilder().addDecide(EventType.FILE_OPEN).addNotify(EventType.FILE_CREATE)
                .setVerdictDeadlineMs(2_000).setDefaultDecision(Decision.ALLOW).build());
        Path busy = Files.createDirectories(root.resolve("var/lib/db"));
        Path table = Files.writeString(busy.resolve("table.eicar"), "rows");
        Path banned = Files.writeString(busy.resolve("banned"), "x");
        agent = ThinAgent.start(config(), new ThinAgent.Settings(List.of(root), MarkScope.FILESYSTEM, root.resolve(".quarantine"),
                64, List.of(busy)), ThinAgentTest::process, rules(), NO_ANSWERS, Clock.systemUTC());
        await().until(() -> agent.marks().permissionMask() == LinuxNative.FAN_OPEN_PERM && agent.entryMask() != 0);

        assertThat(run("cat", table.toString()).output()).as("not asked, so not denied").isEqualTo("rows");
        assertThat(run("sh", "-c", "echo new > " + busy.resolve("wal.log")).exit()).isZero();
        assertThat(run("sh", "-c", "echo new > " + root.resolve("report.txt")).exit()).isZero();
        denied.add(banned);
        agent.localRulesChanged();
        assertThat(run("cat", banned.toString()).output()).contains("Operation not permitted");

        await().until(() -> mux.eventCount(EventType.FILE_CREATE) == 1);
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.FILE_CREATE)
                .extracting(e -> e.getFile().getFile().getPath()).containsExactly(root.resolve("report.txt").toString());
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.FILE_OPEN)
                .extracting(e -> e.getFile().getFile().getPath()).containsExactly(root.resolve("report.txt").toString());
    }

    @Test
    void aProgramAServiceRefusesToRunDoesNotStart() throws Exception {
        mux.interest(decide(List.of(EventType.FILE_EXEC), 2_000, Decision.ALLOW))
                .rule(e -> Optional.of(e.getFile().getFile().getPath().endsWith("dropper") ? Decision.DENY : Decision.ALLOW));
        Path dropper = Files.copy(Paths.get("/bin/true"), root.resolve("dropper"), StandardCopyOption.COPY_ATTRIBUTES);
        Path tool = Files.copy(Paths.get("/bin/true"), root.resolve("tool"), StandardCopyOption.COPY_ATTRIBUTES);
        startAgent(LinuxNative.FAN_OPEN_EXEC_PERM, 0);

        assertThatThrownBy(() -> run(dropper.toString())).isInstanceOf(IOException.class).hasMessageContaining("Operation not permitted");
        assertThat(run(tool.toString()).exit()).isZero();

        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.FILE_EXEC)
                .extracting(e -> e.getFile().getFile().getPath()).containsExactly(dropper.toString(), tool.toString());
    }

    @Test
    void aLocalRuleDeniesWithoutAskingEvenWhenNoServiceDecidesOpens() throws Exception {
        mux.interest(Interest.newBuilder().addNotify(EventType.FILE_CLOSE_WRITE).build());
        Path banned = Files.writeString(root.resolve("banned.sh"), "echo hi");
        startAgent(0, LinuxNative.FAN_CLOSE_WRITE);
        denied.add(banned);

        agent.localRulesChanged();

        assertThat(agent.marks().permissionMask()).isEqualTo(LinuxNative.FAN_OPEN_PERM);
        assertThat(run("cat", banned.toString()).output()).contains("Operation not permitted");
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isZero();
    }

    @Test
    void theQuarantineIsClosedToEveryoneButTheAgent() throws Exception {
        Path quarantined = Files.writeString(Files.createDirectories(root.resolve(".quarantine")).resolve("q-1"), "bad");
        startAgent();

        assertThat(run("cat", quarantined.toString()).output()).contains("Operation not permitted");
        assertThat(Files.readString(quarantined)).isEqualTo("bad");
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isZero();
    }

    @Test
    void aReaderStuckOnAnOpenOfItsOwnIsRescued() throws Exception {
        Path clean = Files.writeString(root.resolve("clean.txt"), "fine");
        Path lookedUp = Files.writeString(root.resolve("agent-config"), "read by the agent itself, on the reader thread");
        ProcessLookup openingLookup = pid -> {
            try {
                Files.readString(lookedUp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return process(pid);
        };
        agent = ThinAgent.start(config(), settings(), openingLookup, rules(), NO_ANSWERS, Clock.systemUTC());
        await().until(() -> agent.marks().permissionMask() == LinuxNative.FAN_OPEN_PERM);

        assertThat(run("cat", clean.toString()).output()).isEqualTo("fine");

        assertThat(agent.counters().rescued()).isPositive();
        assertThat(agent.counters().ownEvents()).isPositive();
    }

    @Test
    void anAgentOutOfFileDescriptorsHasTheKernelDenyWhatItCannotReadAndGoesOn() throws Exception {
        Path file = Files.writeString(root.resolve("payroll.csv"), "salaries");
        Path fifo = dir.resolve("go");
        assertThat(run("mkfifo", fifo.toString()).exit()).isZero();
        startAgent();
        Process cat = new ProcessBuilder("sh", "-c", "read x < " + fifo + "; cat " + file).redirectErrorStream(true).start();
        List<FileChannel> hoard = new ArrayList<>();
        String limit = run("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()), "--nofile", "--noheadings",
                "--raw", "--output", "SOFT,HARD").output().strip().replaceAll("\\s+", ":");
        long open;
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            open = descriptors.count();
        }
        assertThat(run("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()), "--nofile=" + (open + 512) + ":"
                + limit.substring(limit.indexOf(':') + 1)).exit()).as("a low limit makes running out quick").isZero();
        try (OutputStream go = Files.newOutputStream(fifo)) {
            try {
                while (true) {
                    hoard.add(FileChannel.open(Path.of("/dev/null")));
                }
            } catch (IOException outOfDescriptors) {
                go.write('\n');
                go.flush();
                assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                for (FileChannel channel : hoard) {
                    channel.close();
                }
                run("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()), "--nofile=" + limit);
            }
        }

        assertThat(new String(cat.getInputStream().readAllBytes())).contains("Operation not permitted");
        assertThat(agent.counters().unreadable()).isPositive();
        assertThat(run("cat", file.toString()).output()).as("the agent goes on").isEqualTo("salaries");
    }

    @Test
    void beyondTheWaitingBoundAnOpenGetsTheDefaultAtOnce() throws Exception {
        mux.rule(e -> Optional.empty()).interest(decide(List.of(EventType.FILE_OPEN), 60_000, Decision.DENY));
        Path held = Files.writeString(root.resolve("held.txt"), "held");
        Path next = Files.writeString(root.resolve("next.txt"), "next");
        agent = ThinAgent.start(config(), new ThinAgent.Settings(List.of(root), MarkScope.FILESYSTEM, root.resolve(".quarantine"), 1),
                ThinAgentTest::process, rules(), NO_ANSWERS, Clock.systemUTC());
        await().until(() -> agent.marks().permissionMask() == LinuxNative.FAN_OPEN_PERM);
        Process waiting = new ProcessBuilder("cat", held.toString()).redirectErrorStream(true).start();
        await().until(() -> mux.eventCount(EventType.FILE_OPEN) == 1);

        Result refused = run("cat", next.toString());

        assertThat(refused.output()).contains("Operation not permitted");
        assertThat(agent.counters().overloaded()).isEqualTo(1);
        assertThat(waiting.isAlive()).as("the first open still waits for its verdict").isTrue();
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isEqualTo(1);
        waiting.destroyForcibly();
    }

    @Test
    void closingTheAgentLetsEveryWaitingOpenThrough() throws Exception {
        mux.rule(e -> Optional.empty()).interest(decide(List.of(EventType.FILE_OPEN), 60_000, Decision.DENY));
        Path file = Files.writeString(root.resolve("held.txt"), "held");
        startAgent();
        Process cat = new ProcessBuilder("cat", file.toString()).redirectErrorStream(true).start();
        await().until(() -> mux.eventCount(EventType.FILE_OPEN) == 1);
        assertThat(cat.isAlive()).isTrue();

        agent.close();
        agent = null;

        assertThat(cat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cat.exitValue()).isZero();
        assertThat(new String(cat.getInputStream().readAllBytes())).isEqualTo("held");
    }

    @Test
    void anAllowWithACacheHintIsKeptInTheKernelUntilTheFileChanges() throws Exception {
        mux.cacheTtlMs(60_000);
        Path file = Files.writeString(root.resolve("lib.so"), "v1");
        startAgent();

        run("cat", file.toString());
        long events = agent.counters().permissionEvents();
        run("cat", file.toString());
        assertThat(agent.counters().permissionEvents()).as("no event: the kernel kept the allow").isEqualTo(events);
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isEqualTo(1);

        Files.writeString(file, "v2 changed");
        assertThat(run("cat", file.toString()).output()).isEqualTo("v2 changed");
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isEqualTo(2);
    }

    @Test
    void aKeptAllowIsForgottenWhenALocalRuleComes() throws Exception {
        mux.cacheTtlMs(60_000);
        Path file = Files.writeString(root.resolve("tool.sh"), "echo");
        startAgent();
        run("cat", file.toString());

        denied.add(file);
        agent.localRulesChanged();

        assertThat(run("cat", file.toString()).output()).contains("Operation not permitted");
    }

    @Test
    void onTheLiveSystemADenyAccessOrderHoldsForEveryOpenAndQueriesReadTheRealFile() throws Exception {
        mux.interest(Interest.newBuilder().addNotify(EventType.FILE_CLOSE_WRITE).build());
        Path payload = Files.writeString(root.resolve("payload.bin"), "MZ...");
        agent = ThinAgent.startLinux(config(), settings(), Clock.systemUTC());
        await().until(() -> mux.session().isPresent() && agent.marks().notificationMask() == LinuxNative.FAN_CLOSE_WRITE);

        RemediationResult denied = mux.session().orElseThrow().remediate(Remediation.newBuilder()
                .setDenyAccess(DenyAccess.newBuilder().setPath(payload.toString()).setDurationMs(60_000))
                .build()).get(10, TimeUnit.SECONDS);
        QueryResult hash = mux.session().orElseThrow().query(Query.newBuilder()
                .setFileHash(FileHashQuery.newBuilder().setPath(payload.toString())).build())
                .get(10, TimeUnit.SECONDS);

        assertThat(denied.getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(agent.marks().permissionMask()).isEqualTo(LinuxNative.FAN_OPEN_PERM);
        assertThat(run("cat", payload.toString()).output()).contains("Operation not permitted");
        assertThat(hash.getFileHash().getDigest().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(payload)));
        Event start = mux.events().stream().filter(e -> e.getType() == EventType.SYSTEM_AGENT_START).findFirst().orElseThrow();
        assertThat(start.getSystem().getAgentVersion()).isNotEmpty();
    }

    private void startAgent() throws IOException {
        startAgent(LinuxNative.FAN_OPEN_PERM, 0);
    }

    /** Starts the agent and waits until the MUX's Interest is marked as expected. */
    private void startAgent(long permissionMask, long notificationMask) throws IOException {
        agent = ThinAgent.start(config(), settings(), ThinAgentTest::process, rules(), NO_ANSWERS, Clock.systemUTC());
        await().until(() -> mux.eventCount(EventType.SYSTEM_AGENT_START) == 1);
        await().until(() -> agent.marks().permissionMask() == permissionMask && agent.marks().notificationMask() == notificationMask);
    }

    private GuestLinkConfig config() {
        return GuestLinkConfig.linux(mux.socket(), "vm-1", () -> "secret").withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private ThinAgent.Settings settings() {
        return new ThinAgent.Settings(List.of(root), MarkScope.FILESYSTEM, root.resolve(".quarantine"), 64);
    }

    private LocalRules rules() {
        return new LocalRules() {
            @Override
            public boolean denied(Path path) {
                return denied.contains(path);
            }

            @Override
            public boolean active() {
                return !denied.isEmpty();
            }
        };
    }

    private static Optional<ProcessContext> process(int pid) {
        try {
            return Optional.of(ProcessContext.newBuilder().setPid(pid)
                    .setExecutable(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString()).build());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Event opened(Path path) {
        return mux.events().stream().filter(e -> e.getType() == EventType.FILE_OPEN)
                .filter(e -> e.getFile().getFile().getPath().equals(path.toString())).findFirst().orElseThrow();
    }

    private static Interest decide(List<EventType> types, int deadlineMs, Decision otherwise) {
        return Interest.newBuilder().addAllDecide(types).setVerdictDeadlineMs(deadlineMs).setDefaultDecision(otherwise).build();
    }

    private record Result(long pid, int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Result(process.pid(), process.exitValue(), output);
    }
}
