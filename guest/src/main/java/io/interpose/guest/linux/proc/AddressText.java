package io.interpose.guest.linux.proc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Socket addresses as {@code /proc/net/{tcp,udp}[6]} print them, turned into text. The kernel prints an
 * address as 32-bit words in the machine's byte order ({@code %08X} each: one word for IPv4, four for IPv6),
 * so on a little-endian machine each word's bytes are reversed. IPv4 is dotted ({@code 127.0.0.1}); IPv6 is
 * the RFC 5952 short form ({@code ::1}, {@code fe80::1}); an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d},
 * what a dual-stack socket bound to an IPv4 address shows) is given as its IPv4 address, as
 * {@link InetAddress} does.
 */
final class AddressText {

    private AddressText() {
    }

    /** The text of a hex address from a /proc/net table; {@link IllegalArgumentException} when it is not one. */
    static String fromProcHex(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("not an address: " + hex);
        }
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            reverseWords(bytes);
        }
        return text(bytes);
    }

    private static void reverseWords(byte[] bytes) {
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
    }

    private static String text(byte[] bytes) {
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return address instanceof Inet4Address ? address.getHostAddress() : ipv6(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address", e);
        }
    }

    /** RFC 5952: lower-case groups without leading zeros, the longest run of two or more zero groups as "::". */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int[] run = longestZeroRun(groups);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == run[0]) {
                text.append("::");
                i += run[1] - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** {start, length} of the first longest run of at least two zero groups; start -1 when there is none. */
    private static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int length = 0;
            while (i + length < groups.length && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        return new int[] {bestStart, bestLength};
    }
}
