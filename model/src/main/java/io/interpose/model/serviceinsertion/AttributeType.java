package io.interpose.model.serviceinsertion;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The type of a partner attribute's value (NSX {@code attribute_type}). Values travel as strings; each
 * type says which strings it {@linkplain #accepts accepts}. IP addresses are checked as literals only,
 * never resolved.
 */
public enum AttributeType {
    IP_ADDRESS(IpLiteral::isValid, "must be an IPv4 or IPv6 address"),
    PORT(AttributeType::isPort, "must be a port number from 1 to 65535"),
    PASSWORD(value -> true, "may be any text"),
    STRING(value -> true, "may be any text"),
    LONG(AttributeType::isLong, "must be a whole number between -2^63 and 2^63-1"),
    BOOLEAN(value -> value.equals("true") || value.equals("false"), "must be true or false");

    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private final Predicate<String> accepts;
    private final String expectation;

    AttributeType(Predicate<String> accepts, String expectation) {
        this.accepts = accepts;
        this.expectation = expectation;
    }

    /** True if {@code value} (not null) is a valid value of this type. */
    public boolean accepts(String value) {
        return accepts.test(value);
    }

    /** What a value of this type must look like, phrased as a violation message. */
    public String expectation() {
        return expectation;
    }

    private static boolean isPort(String value) {
        return DIGITS.matcher(value).matches() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 65535;
    }

    private static boolean isLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
