package io.interpose.guest.linux.proc;

import io.interpose.protocol.gi.Connection;
import io.interpose.protocol.gi.TransportProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of {@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}: a header line, then one socket per
 * line, {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}
 * with addresses as {@code HEXADDR:HEXPORT} (see {@link AddressText}) and the state as the kernel's TCP state
 * number in hex. A UDP socket that is not connected has state 07 ({@code TCP_CLOSE}) and is shown as
 * {@code "UNCONN"}, as {@code ss} does; a connected one is {@code "ESTABLISHED"}. A dual-stack socket bound to an
 * IPv4 address (an IPv6 socket, listed in {@code tcp6}/{@code udp6}) shows that IPv4 address, and no remote
 * address as {@code 0.0.0.0} rather than {@code ::}, just as an IPv4 socket would. Lines that do not parse are
 * skipped.
 */
enum SocketTable {
    TCP("tcp", TransportProtocol.TCP),
    TCP6("tcp6", TransportProtocol.TCP),
    UDP("udp", TransportProtocol.UDP),
    UDP6("udp6", TransportProtocol.UDP);

    private static final String[] TCP_STATES = {"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
        "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
    private static final int TCP_CLOSE = 7;

    final String fileName;
    private final TransportProtocol protocol;

    SocketTable(String fileName, TransportProtocol protocol) {
        this.fileName = fileName;
        this.protocol = protocol;
    }

    /** The connections in the file's text, each with its owner from {@code owners} (socket inode to pid). */
    List<Connection> parse(String text, Map<Long, Integer> owners) {
        List<Connection> connections = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            try {
                connections.add(connection(lines[i].strip().split("\\s+"), owners));
            } catch (RuntimeException e) {
                // not a socket line (a truncated last line, or a format this parser does not know): skipped
            }
        }
        return connections;
    }

    private Connection connection(String[] fields, Map<Long, Integer> owners) {
        String[] local = fields[1].split(":");
        String[] remote = fields[2].split(":");
        long inode = Long.parseLong(fields[9]);
        String localAddress = AddressText.fromProcHex(local[0]);
        String remoteAddress = AddressText.fromProcHex(remote[0]);
        boolean ipv4Only = localAddress.indexOf(':') < 0 && remoteAddress.equals("::");
        return Connection.newBuilder()
                .setProtocol(protocol)
                .setLocalAddress(localAddress)
                .setLocalPort(Integer.parseInt(local[1], 16))
                .setRemoteAddress(ipv4Only ? "0.0.0.0" : remoteAddress)
                .setRemotePort(Integer.parseInt(remote[1], 16))
                .setState(state(Integer.parseInt(fields[3], 16)))
                .setPid(inode == 0 ? 0 : owners.getOrDefault(inode, 0))
                .build();
    }

    private String state(int code) {
        if (protocol == TransportProtocol.UDP && code == TCP_CLOSE) {
            return "UNCONN";
        }
        return code < TCP_STATES.length ? TCP_STATES[code] : "UNKNOWN";
    }
}
