package io.interpose.model.serviceinsertion;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IPv4 dotted-quad and IPv6 address literals without ever asking DNS. */
final class IpLiteral {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** Hex digits, colons and dots only, starting with a hex digit or a colon, and containing a colon. */
    private static final Pattern IPV6_SHAPE = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    static boolean isValid(String text) {
        return IPV4.matcher(text).matches() || isIpv6(text);
    }

    /**
     * The shape check matters: {@link InetAddress#getByName} parses a string that starts with a hex digit
     * or a colon and contains a colon as a literal and never falls back to a DNS lookup.
     */
    private static boolean isIpv6(String text) {
        if (!IPV6_SHAPE.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }
}
