package io.interpose.compute.lab;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 addresses as numbers from 0 to 2^32-1 and subnets in CIDR form, with plain integer arithmetic
 * (no {@link java.net.InetAddress}, so never a DNS lookup). Only strict dotted quads are accepted:
 * four decimal parts 0-255 without leading zeros.
 */
final class Ipv4 {
    private static final Pattern PART = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Ipv4() {}

    static Optional<Long> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long address = 0;
        for (String part : parts) {
            if (!PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return Optional.empty();
            }
            address = address << 8 | Integer.parseInt(part);
        }
        return Optional.of(address);
    }

    static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    /**
     * A subnet: its first address and prefix length. {@code address} may have host bits set when
     * parsed; {@link #isNetworkAddress()} tells.
     */
    record Subnet(long address, int prefixLength) {
        static Optional<Subnet> parse(String cidr) {
            int slash = cidr == null ? -1 : cidr.indexOf('/');
            if (slash < 0 || !cidr.substring(slash + 1).matches("0|[1-9][0-9]?")) {
                return Optional.empty();
            }
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            return prefix > 32 ? Optional.empty() : Ipv4.parse(cidr.substring(0, slash)).map(a -> new Subnet(a, prefix));
        }

        long mask() {
            return prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
        }

        long first() {
            return address & mask();
        }

        long last() {
            return first() | (~mask() & 0xFFFF_FFFFL);
        }

        boolean isNetworkAddress() {
            return address == first();
        }

        boolean contains(long candidate) {
            return candidate >= first() && candidate <= last();
        }

        /** True for the network and broadcast addresses of subnets that have them (prefix 30 or shorter). */
        boolean reserved(long candidate) {
            return prefixLength <= 30 && (candidate == first() || candidate == last());
        }

        @Override
        public String toString() {
            return format(first()) + "/" + prefixLength;
        }
    }
}
