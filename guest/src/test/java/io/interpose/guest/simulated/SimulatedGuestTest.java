package io.interpose.guest.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.DeleteFile;
import io.interpose.protocol.gi.DenyAccess;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.FileStatQuery;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.KillProcess;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessListQuery;
import io.interpose.protocol.gi.ConnectionListQuery;
import io.interpose.protocol.gi.ProcessAncestor;
import io.interpose.protocol.gi.QuarantineFile;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.ResultCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedGuestTest {

    private static final String EICAR_PATH = "/home/alice/Downloads/eicar.com";

    @TempDir
    Path dir;
    private GuestOnFakeMux fixture;
    private FakeMux mux;
    private SimulatedGuest guest;

    @BeforeEach
    void start() throws Exception {
        fixture = new GuestOnFakeMux(dir, Interest.newBuilder()
                .addDecide(EventType.FILE_OPEN).addDecide(EventType.FILE_CLOSE_WRITE)
                .addNotify(EventType.PROCESS_START).addNotify(EventType.SYSTEM_AGENT_START)
                .setVerdictDeadlineMs(2_000).setDefaultDecision(Decision.ALLOW).build(),
                (socket, credential) -> GuestLinkConfig.linux(socket, "vm-7", credential), 42);
        mux = fixture.mux;
        guest = fixture.guest;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private void run(int operations) {
        fixture.run(operations);
    }

    private QueryResult query(Query query) throws Exception {
        return mux.session().orElseThrow().query(query).get(5, TimeUnit.SECONDS);
    }

    private ResultCode remediate(Remediation order) throws Exception {
        return mux.session().orElseThrow().remediate(order).get(5, TimeUnit.SECONDS).getStatus().getCode();
    }

    private long opensOf(String path) {
        return mux.events().stream().filter(e -> e.getType() == EventType.FILE_OPEN)
                .filter(e -> e.getFile().getFile().getPath().equals(path)).count();
    }

    @Test
    void theWorkloadSendsOnlyWhatTheInterestAsksForAndStartsWithAgentStart() {
        run(400);

        Set<EventType> asked = EnumSet.of(EventType.FILE_OPEN, EventType.FILE_CLOSE_WRITE, EventType.PROCESS_START,
                EventType.SYSTEM_AGENT_START);
        assertThat(mux.events()).extracting(Event::getType).allMatch(asked::contains)
                .contains(EventType.FILE_OPEN, EventType.FILE_CLOSE_WRITE, EventType.PROCESS_START);
        assertThat(mux.events().get(0).getType()).isEqualTo(EventType.SYSTEM_AGENT_START);
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.FILE_OPEN).allMatch(Event::getAwaitsVerdict);
        assertThat(mux.events()).filteredOn(e -> e.getType() == EventType.PROCESS_START).noneMatch(Event::getAwaitsVerdict);
        assertThat(guest.status().connected()).isTrue();
        assertThat(guest.status().eventsSent()).isEqualTo(mux.eventCount());
        await().until(() -> guest.status().allowed() > 0);
    }

    @Test
    void aDeniedNewFileIsRecordedAndThenDeniedLocally() {
        mux.rule(e -> Optional.of(e.getType() == EventType.FILE_CLOSE_WRITE && e.getFile().getFile().getPath().endsWith(".com")
                ? Decision.DENY : Decision.ALLOW));

        run(400);

        await().until(() -> guest.status().denied() > 0);
        assertThat(guest.status().lastDenial()).isPresent();
        Denial first = guest.denials().get(0);
        assertThat(first.type()).isEqualTo(EventType.FILE_CLOSE_WRITE);
        assertThat(first.subject()).endsWith(".com");
        assertThat(first.why()).startsWith("MUX: SERVICES");
        await().until(() -> guest.vm().isDenied(first.subject()));
    }

    @Test
    void queriesAreAnsweredFromTheGuestState() throws Exception {
        byte[] eicar = GuestFileSystem.EICAR.getBytes(StandardCharsets.US_ASCII);
        for (HashAlgorithm algorithm : new HashAlgorithm[] {HashAlgorithm.SHA256, HashAlgorithm.SHA1, HashAlgorithm.MD5}) {
            QueryResult hash = query(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath(EICAR_PATH)
                    .setAlgorithm(algorithm)).build());
            String jdkName = algorithm == HashAlgorithm.SHA256 ? "SHA-256" : algorithm == HashAlgorithm.SHA1 ? "SHA-1" : "MD5";
            assertThat(hash.getFileHash().getDigest().toByteArray()).isEqualTo(MessageDigest.getInstance(jdkName).digest(eicar));
        }

        QueryResult bytes = query(Query.newBuilder().setFileRead(FileReadQuery.newBuilder().setPath(EICAR_PATH)
                .setOffset(4).setLength(10)).build());
        assertThat(bytes.getFileBytes().getData().toStringUtf8()).isEqualTo(GuestFileSystem.EICAR.substring(4, 14));
        assertThat(bytes.getFileBytes().getEndOfFile()).isFalse();
        assertThat(query(Query.newBuilder().setFileRead(FileReadQuery.newBuilder().setPath(EICAR_PATH)
                .setLength(2 * 1024 * 1024)).build()).getStatus().getCode()).isEqualTo(ResultCode.TOO_LARGE);
        QueryResult stat = query(Query.newBuilder().setFileStat(FileStatQuery.newBuilder().setPath(EICAR_PATH)).build());
        assertThat(stat.getFileStat().getSize()).isEqualTo(68);
        assertThat(query(Query.newBuilder().setFileStat(FileStatQuery.newBuilder().setPath("/nope")).build())
                .getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);

        ProcessContext shell = query(Query.newBuilder().setProcessList(ProcessListQuery.getDefaultInstance()).build())
                .getProcessList().getProcessesList().stream().filter(p -> p.getPid() == 3).findFirst().orElseThrow();
        assertThat(shell.getExecutable()).isEqualTo("/bin/bash");
        assertThat(shell.getAncestorsList()).extracting(ProcessAncestor::getPid).containsExactly(2, 1);
        assertThat(query(Query.newBuilder().setConnectionList(ConnectionListQuery.getDefaultInstance()).build())
                .getConnectionList().getConnectionsList()).anyMatch(c -> c.getLocalPort() == 22 && c.getState().equals("LISTEN"));
    }

    @Test
    void remediationDeletesQuarantinesAndKills() throws Exception {
        assertThat(remediate(Remediation.newBuilder().setDeleteFile(DeleteFile.newBuilder().setPath(EICAR_PATH)).build()))
                .isEqualTo(ResultCode.OK);
        assertThat(query(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath(EICAR_PATH)).build())
                .getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);

        assertThat(remediate(Remediation.newBuilder().setQuarantineFile(QuarantineFile.newBuilder()
                .setPath("/home/alice/notes.txt")).build())).isEqualTo(ResultCode.OK);
        assertThat(guest.vm().files.file("/home/alice/notes.txt")).isEmpty();
        assertThat(guest.vm().files.quarantined()).extracting(SimulatedFile::path).containsExactly("/home/alice/notes.txt");

        assertThat(remediate(Remediation.newBuilder().setKillProcess(KillProcess.newBuilder().setPid(3)
                .setStartTimeUnixNanos(1)).build())).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(remediate(Remediation.newBuilder().setKillProcess(KillProcess.newBuilder().setPid(3)).build()))
                .isEqualTo(ResultCode.OK);
        assertThat(query(Query.newBuilder().setProcessList(ProcessListQuery.getDefaultInstance()).build())
                .getProcessList().getProcessesList()).noneMatch(p -> p.getPid() == 3);
    }

    @Test
    void denyAccessMakesLaterOpensDeniedWithoutAskingTheMux() throws Exception {
        assertThat(remediate(Remediation.newBuilder().setDenyAccess(DenyAccess.newBuilder().setPath("/etc/passwd")).build()))
                .isEqualTo(ResultCode.OK);
        long asked = opensOf("/etc/passwd");

        run(400);

        assertThat(opensOf("/etc/passwd")).isEqualTo(asked);
        assertThat(guest.denials()).anyMatch(d -> d.subject().equals("/etc/passwd") && d.why().equals("local: deny_access"));
    }
}
