package io.interpose.guest.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.TransportProtocol;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcFs} on the live system, with real child processes and sockets. */
@EnabledOnOs(OS.LINUX)
class ProcFsTest {

    private static final int SELF = (int) ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final UserNames userNames = UserNames.of(Map.of(uid(), "tester"));
    private final ProcFs procFs = ProcFs.live(userNames);

    @AfterEach
    void endChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChildProcessHasItsProgramArgumentsOwnerDirectoryAndParent() throws Exception {
        Process child = start(new ProcessBuilder("sleep", "30").directory(dir.toFile()));

        ProcessContext context = procFs.process((int) child.pid()).orElseThrow();

        assertThat(context.getPid()).isEqualTo(child.pid());
        assertThat(context.getPpid()).isEqualTo(SELF);
        assertThat(context.getExecutable()).endsWith("/sleep");
        assertThat(context.getArgumentsList()).containsExactly("sleep", "30");
        assertThat(context.getArgumentsTruncated()).isFalse();
        assertThat(context.getUid()).isEqualTo(uid());
        assertThat(context.getUserName()).isEqualTo("tester");
        assertThat(context.getWorkingDirectory()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void theStartTimeIsNearNowAndTheSameOnEveryRead() throws Exception {
        Instant before = Instant.now();
        Process child = start(new ProcessBuilder("sleep", "30"));

        long first = procFs.process((int) child.pid()).orElseThrow().getStartTimeUnixNanos();
        long second = ProcFs.live(userNames).process((int) child.pid()).orElseThrow().getStartTimeUnixNanos();

        assertThat(second).as("another read, another ProcFs").isEqualTo(first);
        assertThat(procFs.startTime((int) child.pid())).hasValue(first);
        long beforeNanos = before.getEpochSecond() * 1_000_000_000L + before.getNano();
        assertThat(first).as("btime is in whole seconds").isCloseTo(beforeNanos, within(3_000_000_000L));
    }

    @Test
    void theAncestorsStartWithThisJvmAndEndAtInit() throws Exception {
        Process child = start(new ProcessBuilder("sleep", "30"));

        List<ProcessAncestor> ancestors = procFs.process((int) child.pid()).orElseThrow().getAncestorsList();
        ProcessContext self = procFs.process(SELF).orElseThrow();

        assertThat(ancestors.get(0).getPid()).isEqualTo(SELF);
        assertThat(ancestors.get(0).getExecutable())
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/exe")).toString());
        assertThat(ancestors.get(0).getStartTimeUnixNanos()).isEqualTo(self.getStartTimeUnixNanos());
        assertThat(ancestors.subList(1, ancestors.size()))
                .isEqualTo(self.getAncestorsList().subList(0, ancestors.size() - 1));
        assertThat(ancestors).hasSizeLessThanOrEqualTo(ProcFs.MAX_ANCESTORS);
        ProcessAncestor last = ancestors.get(ancestors.size() - 1);
        assertThat(last.getPid() == 1 || ancestors.size() == ProcFs.MAX_ANCESTORS
                || procFs.process(last.getPid()).orElseThrow().getPpid() == 0)
                .as("the walk ends at init, at 16, or at the edge of our pid namespace").isTrue();
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotConfuseTheStatParser() throws Exception {
        Path odd = Files.createSymbolicLink(dir.resolve("odd) (n x"), Path.of(which("sleep")));
        Process child = start(new ProcessBuilder(odd.toString(), "30"));

        ProcessContext context = procFs.process((int) child.pid()).orElseThrow();

        assertThat(Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"))).contains("(odd) (n x)");
        assertThat(context.getPpid()).isEqualTo(SELF);
        assertThat(context.getAncestors(0).getPid()).isEqualTo(SELF);
        assertThat(context.getArgumentsList()).containsExactly(odd.toString(), "30");
        assertThat(procFs.startTime((int) child.pid())).hasValue(context.getStartTimeUnixNanos());
    }

    @Test
    void aProcessThatHasEndedHasNoContext() throws Exception {
        Process child = start(new ProcessBuilder("true"));
        child.waitFor(5, TimeUnit.SECONDS);

        assertThat(procFs.process((int) child.pid())).isEmpty();
        assertThat(procFs.startTime((int) child.pid())).isEmpty();
        assertThat(procFs.process(0)).isEmpty();
        assertThat(procFs.process(-5)).isEmpty();
        assertThat(procFs.process(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void theProcessListHoldsEveryProcessWithoutAncestors() throws Exception {
        Process child = start(new ProcessBuilder("sleep", "30"));

        List<ProcessContext> processes = procFs.processes();

        assertThat(processes).extracting(ProcessContext::getPid).contains(SELF, (int) child.pid()).isSorted();
        assertThat(processes).allSatisfy(process -> assertThat(process.getAncestorsList()).isEmpty());
        assertThat(processes).filteredOn(process -> process.getPid() == child.pid())
                .singleElement()
                .satisfies(process -> assertThat(process.getArgumentsList()).containsExactly("sleep", "30"));
    }

    @Test
    void ipv4SocketsAreListedWithStateAndOwner() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 5, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept();
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {

            List<Connection> connections = procFs.connections();

            assertThat(connections).contains(
                    tcp("127.0.0.1", server.getLocalPort(), "0.0.0.0", 0, "LISTEN"),
                    tcp("127.0.0.1", client.getLocalPort(), "127.0.0.1", server.getLocalPort(), "ESTABLISHED"),
                    tcp("127.0.0.1", server.getLocalPort(), "127.0.0.1", accepted.getPort(), "ESTABLISHED"),
                    Connection.newBuilder().setProtocol(TransportProtocol.UDP).setLocalAddress("127.0.0.1")
                            .setLocalPort(udp.getLocalPort()).setRemoteAddress("0.0.0.0").setState("UNCONN")
                            .setPid(SELF).build());
        }
    }

    @Test
    void anIpv6ListenerIsListedInItsShortForm() throws Exception {
        Optional<ServerSocket> server = ipv6Listener();
        assumeThat(server).as("this machine can bind ::1").isPresent();
        try (ServerSocket listener = server.get()) {
            assertThat(procFs.connections()).contains(tcp("::1", listener.getLocalPort(), "::", 0, "LISTEN"));
        }
    }

    private static Optional<ServerSocket> ipv6Listener() {
        try {
            return Optional.of(new ServerSocket(0, 5, InetAddress.getByName("::1")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Connection tcp(String local, int localPort, String remote, int remotePort, String state) {
        return Connection.newBuilder().setProtocol(TransportProtocol.TCP).setLocalAddress(local)
                .setLocalPort(localPort).setRemoteAddress(remote).setRemotePort(remotePort).setState(state)
                .setPid(SELF).build();
    }

    private Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private static String which(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw new IllegalStateException("no " + program + " on the PATH");
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
