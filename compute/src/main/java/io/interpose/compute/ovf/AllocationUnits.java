package io.interpose.compute.ovf;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes in DMTF programmatic units ({@code byte * 2^20}, {@code byte * 10^6}, {@code byte}) and
 * the names vendors write instead ({@code MegaBytes}, {@code MB}, {@code GB}, ...). No units means MiB,
 * as VMware and VirtualBox read it.
 */
final class AllocationUnits {
    private static final Pattern PROGRAMMATIC =
            Pattern.compile("byte(?:s)?(?:\\s*\\*\\s*(\\d{1,4})\\s*\\^\\s*(-?\\d{1,3}))?");
    private static final BigInteger MIB = BigInteger.TWO.pow(20);
    private static final Map<String, BigInteger> NAMED = Map.of(
            "", MIB,
            "kilobytes", BigInteger.valueOf(1024), "kb", BigInteger.valueOf(1024),
            "megabytes", MIB, "mb", MIB,
            "gigabytes", BigInteger.TWO.pow(30), "gb", BigInteger.TWO.pow(30));

    private AllocationUnits() {
    }

    /**
     * {@code quantity} of {@code units}, in MiB, rounded up.
     *
     * @throws OvfException INVALID_FORMAT for units that are not a size in bytes, or an absurd result
     */
    static long toMiB(long quantity, String units) {
        BigInteger bytes = BigInteger.valueOf(quantity).multiply(bytesPerUnit(units));
        BigInteger[] mib = bytes.divideAndRemainder(MIB);
        BigInteger rounded = mib[1].signum() == 0 ? mib[0] : mib[0].add(BigInteger.ONE);
        if (rounded.bitLength() > 40) {
            throw OvfException.invalid("memory of " + quantity + " " + units + " is too large");
        }
        return rounded.longValueExact();
    }

    private static BigInteger bytesPerUnit(String units) {
        String normalized = units.strip().toLowerCase(Locale.ROOT);
        BigInteger named = NAMED.get(normalized);
        if (named != null) {
            return named;
        }
        Matcher matcher = PROGRAMMATIC.matcher(normalized);
        if (!matcher.matches()) {
            throw OvfException.invalid("memory AllocationUnits '" + units + "' is not a size in bytes");
        }
        if (matcher.group(1) == null) {
            return BigInteger.ONE;
        }
        int exponent = Integer.parseInt(matcher.group(2));
        if (exponent < 0 || exponent > 60) {
            throw OvfException.invalid("memory AllocationUnits '" + units + "' has an unsupported exponent");
        }
        return new BigInteger(matcher.group(1)).pow(exponent);
    }
}
