package io.interpose.guest.linux.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.interpose.guest.linux.proc.ProcFs;
import io.interpose.guest.linux.proc.UserNames;
import io.interpose.protocol.gi.ConnectionListQuery;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.FileStatQuery;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.ProcessContext;
import io.interpose.protocol.gi.ProcessListQuery;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.testing.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxResponder}'s queries, on real files, processes and sockets. */
@EnabledOnOs(OS.LINUX)
class LinuxResponderQueryTest {

    @TempDir
    Path dir;

    private final byte[] content = randomBytes(300_000);
    private final LinuxResponder responder = new LinuxResponder(ProcFs.live(UserNames.of(Map.of())),
            new AccessDenials(new MutableClock(Instant.EPOCH)), Path.of("/nonexistent-quarantine"),
            new MutableClock(Instant.EPOCH));

    @Test
    void aHashIsTheDigestOfTheWholeFileInTheAskedAlgorithm() throws Exception {
        Path file = Files.write(dir.resolve("data.bin"), content);

        assertThat(hash(file, HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED).getFileHash().getAlgorithm())
                .isEqualTo(HashAlgorithm.SHA256);
        assertThat(digest(hash(file, HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED))).isEqualTo(expected("SHA-256"));
        assertThat(digest(hash(file, HashAlgorithm.SHA256))).isEqualTo(expected("SHA-256"));
        assertThat(digest(hash(file, HashAlgorithm.SHA1))).isEqualTo(expected("SHA-1"));
        assertThat(digest(hash(file, HashAlgorithm.MD5))).isEqualTo(expected("MD5"));
        QueryResult unknown = answer(Query.newBuilder().setFileHash(
                FileHashQuery.newBuilder().setPath(file.toString()).setAlgorithmValue(99)));
        assertThat(unknown.getStatus().getCode()).isEqualTo(ResultCode.UNSUPPORTED);
    }

    @Test
    void aReadGivesTheRangeAndSaysWhenItReachesTheEnd() throws Exception {
        Path file = Files.write(dir.resolve("data.bin"), content);

        QueryResult start = read(file, 0, 100);
        QueryResult end = read(file, content.length - 50, 100);
        QueryResult beyond = read(file, content.length + 10, 100);

        assertThat(start.getFileBytes().getData()).isEqualTo(ByteString.copyFrom(content, 0, 100));
        assertThat(start.getFileBytes().getEndOfFile()).isFalse();
        assertThat(end.getFileBytes().getData()).isEqualTo(ByteString.copyFrom(content, content.length - 50, 50));
        assertThat(end.getFileBytes().getOffset()).isEqualTo(content.length - 50);
        assertThat(end.getFileBytes().getEndOfFile()).isTrue();
        assertThat(read(file, content.length - 100, 100).getFileBytes().getEndOfFile()).isTrue();
        assertThat(beyond.getFileBytes().getData()).isEmpty();
        assertThat(beyond.getFileBytes().getEndOfFile()).isTrue();
    }

    @Test
    void aReadOfMoreThanOneMebibyteIsTooLarge() throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), new byte[3 * 1024 * 1024]);

        assertThat(read(file, 0, 1024 * 1024 + 1).getStatus().getCode()).isEqualTo(ResultCode.TOO_LARGE);
        assertThat(read(file, 0, -1).getStatus().getCode()).as("4 GiB - 1").isEqualTo(ResultCode.TOO_LARGE);
        assertThat(read(file, 0, 1024 * 1024).getFileBytes().getData().size()).isEqualTo(1024 * 1024);
    }

    @Test
    void aStatGivesTheFilesSizeInodeModeOwnerAndTimesToTheNanosecond() throws Exception {
        Path file = Files.write(dir.resolve("data.bin"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Instant modified = Instant.parse("2025-06-01T10:00:00.123456789Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        FileContext stat = answer(Query.newBuilder().setFileStat(FileStatQuery.newBuilder().setPath(file.toString())))
                .getFileStat();

        assertThat(stat.getPath()).isEqualTo(file.toString());
        assertThat(stat.getSize()).isEqualTo(content.length);
        assertThat(stat.getInode()).isEqualTo((Long) Files.getAttribute(file, "unix:ino"));
        assertThat(stat.getDevice()).isEqualTo((Long) Files.getAttribute(file, "unix:dev"));
        assertThat(stat.getMode()).isEqualTo(0100640);
        assertThat(stat.getOwnerUid()).isEqualTo((Integer) Files.getAttribute(file, "unix:uid"));
        assertThat(stat.getModifyTimeUnixNanos()).isEqualTo(modified.getEpochSecond() * 1_000_000_000L + 123_456_789);
        assertThat(stat.getChangeTimeUnixNanos()).isPositive();
        assertThat(stat.getAccessTimeUnixNanos()).isPositive();
        FileContext directory = answer(Query.newBuilder().setFileStat(FileStatQuery.newBuilder()
                .setPath(dir.toString()))).getFileStat();
        assertThat(directory.getMode() & 0170000).as("S_IFDIR").isEqualTo(0040000);
    }

    @Test
    void aMissingFileIsNotFoundAndADirectoryOrARelativePathIsInvalid() throws Exception {
        Path missing = dir.resolve("missing");

        assertThat(hash(missing, HashAlgorithm.SHA256).getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(read(missing, 0, 1).getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(answer(Query.newBuilder().setFileStat(FileStatQuery.newBuilder().setPath(missing.toString())))
                .getStatus().getCode()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(hash(dir, HashAlgorithm.SHA256).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(read(dir, 0, 1).getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(hash(Path.of("relative/file"), HashAlgorithm.SHA256).getStatus().getCode())
                .isEqualTo(ResultCode.INVALID);
        assertThat(answer(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath("")))
                .getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(answer(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath("/a\0b")))
                .getStatus().getCode()).isEqualTo(ResultCode.INVALID);
        assertThat(answer(Query.newBuilder()).getStatus().getCode()).as("no kind").isEqualTo(ResultCode.UNSUPPORTED);
    }

    @Test
    void theListsHoldThisProcessAndItsListeningSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            QueryResult processes = answer(Query.newBuilder().setProcessList(ProcessListQuery.getDefaultInstance()));
            QueryResult connections = answer(Query.newBuilder()
                    .setConnectionList(ConnectionListQuery.getDefaultInstance()));

            assertThat(processes.getStatus().getCode()).isEqualTo(ResultCode.OK);
            assertThat(processes.getProcessList().getProcessesList()).extracting(ProcessContext::getPid)
                    .contains((int) ProcessHandle.current().pid());
            assertThat(connections.getConnectionList().getConnectionsList()).anySatisfy(connection -> {
                assertThat(connection.getLocalPort()).isEqualTo(server.getLocalPort());
                assertThat(connection.getState()).isEqualTo("LISTEN");
                assertThat(connection.getPid()).isEqualTo(ProcessHandle.current().pid());
            });
        }
    }

    private QueryResult hash(Path file, HashAlgorithm algorithm) {
        return answer(Query.newBuilder().setFileHash(FileHashQuery.newBuilder().setPath(file.toString())
                .setAlgorithm(algorithm)));
    }

    private QueryResult read(Path file, long offset, int length) {
        return answer(Query.newBuilder().setFileRead(FileReadQuery.newBuilder().setPath(file.toString())
                .setOffset(offset).setLength(length)));
    }

    private QueryResult answer(Query.Builder query) {
        return responder.answer(query.build());
    }

    private static byte[] digest(QueryResult result) {
        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.OK);
        return result.getFileHash().getDigest().toByteArray();
    }

    private byte[] expected(String algorithm) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(content);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
