package io.interpose.guest.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.TransportProtocol;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /proc formats, from literal lines (the live tests are in {@link ProcFsTest}). */
class ParsersTest {

    @Test
    void aStatLineIsSplitAfterTheLastParenthesisOfTheCommandName() {
        String line = "4242 (odd) (name) x) S 17 4242 17 0 -1 4194304 95 0 0 0 0 0 0 0 20 0 1 0 2996664 3133440 "
                + "411 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";

        assertThat(StatLine.parse(line)).contains(new StatLine("odd) (name) x", 17, false, 2996664));
    }

    @Test
    void aKernelThreadIsToldByItsFlags() {
        String line = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 6 0 0 20 0 1 0 3 0 0 18446744073709551615 0 0 0"
                + " 0 0 0 0 2147483647 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

        assertThat(StatLine.parse(line)).hasValueSatisfying(stat -> {
            assertThat(stat.kernelThread()).isTrue();
            assertThat(stat.ppid()).isZero();
            assertThat(stat.startTicks()).isEqualTo(3);
        });
        assertThat(StatLine.parse("")).isEmpty();
        assertThat(StatLine.parse("12 (cut short) S 1 2")).isEmpty();
    }

    @Test
    void theEffectiveUidIsTheSecondOfTheFour() {
        String status = "Name:\tsu\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t99\nPid:\t99\nPPid:\t12\n"
                + "Uid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n";

        assertThat(ProcStatus.parse(status)).contains(new ProcStatus(12, 0));
        assertThat(ProcStatus.parse("Name:\tgone\n")).isEmpty();
    }

    @Test
    void argumentsAreSplitOnNulAndCutAt64OrSixteenKibibytes() {
        assertThat(Arguments.parse(bytes("sleep\0" + "30\0"))).isEqualTo(new Arguments(List.of("sleep", "30"), false));
        assertThat(Arguments.parse(bytes("a\0\0b\0")).values()).as("an empty argument is kept")
                .containsExactly("a", "", "b");
        assertThat(Arguments.parse(bytes("nginx: worker process")).values()).containsExactly("nginx: worker process");
        assertThat(Arguments.parse(new byte[0])).isEqualTo(Arguments.none());

        Arguments many = Arguments.parse(bytes("x\0".repeat(100)));
        assertThat(many.values()).hasSize(64);
        assertThat(many.truncated()).isTrue();

        Arguments long_ = Arguments.parse(bytes("cat\0" + "y".repeat(20_000) + "\0"));
        assertThat(long_.truncated()).isTrue();
        assertThat(long_.values()).hasSize(2);
        assertThat(long_.values().get(1)).hasSize(Arguments.MAX_BYTES - 4);
    }

    @Test
    void socketLinesGiveAddressesPortsStatesAndOwners() {
        assumeThat(ByteOrder.nativeOrder()).as("the kernel prints addresses in the machine's byte order")
                .isEqualTo(ByteOrder.LITTLE_ENDIAN);
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0
                   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0
                   2: 0100007F:C351 0100007F:1F90 06 00000000:00000000 03:00000D23 00000000     0        0 0 3 0
                   3: garbage
                """;
        List<Connection> connections = SocketTable.TCP.parse(tcp, Map.of(111L, 10, 222L, 20));

        assertThat(connections).containsExactly(
                connection(TransportProtocol.TCP, "127.0.0.1", 8080, "0.0.0.0", 0, "LISTEN", 10),
                connection(TransportProtocol.TCP, "127.0.0.1", 50000, "127.0.0.1", 8080, "ESTABLISHED", 20),
                connection(TransportProtocol.TCP, "127.0.0.1", 50001, "127.0.0.1", 8080, "TIME_WAIT", 0));
    }

    @Test
    void ipv6AddressesAreFourMachineOrderWordsShownInTheirShortForm() {
        assumeThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        String udp6 = """
                  sl  local_address                         remote_address ...
                  1: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 0:0 0:0 0 0 0 333 2
                  2: 000080FE000000000000000001000000:0222 B80D0120000000000000000001000000:0223 01 0:0 0:0 0 0 0 444 2
                  3: 0000000000000000FFFF00000100007F:0224 00000000000000000000000000000000:0000 07 0:0 0:0 0 0 0 555 2
                """;
        List<Connection> connections = SocketTable.UDP6.parse(udp6, Map.of(333L, 1, 444L, 2));

        assertThat(connections).containsExactly(
                connection(TransportProtocol.UDP, "::1", 53, "::", 0, "UNCONN", 1),
                connection(TransportProtocol.UDP, "fe80::1", 546, "2001:db8::1", 547, "ESTABLISHED", 2),
                connection(TransportProtocol.UDP, "127.0.0.1", 548, "0.0.0.0", 0, "UNCONN", 0));
    }

    private static Connection connection(TransportProtocol protocol, String local, int localPort, String remote,
                                         int remotePort, String state, int pid) {
        return Connection.newBuilder().setProtocol(protocol).setLocalAddress(local).setLocalPort(localPort)
                .setRemoteAddress(remote).setRemotePort(remotePort).setState(state).setPid(pid).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
