package io.interpose.compute.ovf;

import io.interpose.model.serviceinsertion.AttributeType;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which partner attribute types an OVF property type can carry, and whether a value fits. A
 * {@code string} property carries any attribute; {@code boolean} only BOOLEAN; an integer type
 * ({@code uint8} ... {@code sint64}, and the non-standard {@code int} as {@code sint32}) carries LONG
 * (the value, when given, must be in the type's range) and PORT (only if the type can hold 1..65535);
 * {@code real32}/{@code real64} carry LONG. A type outside DSP0243 and {@code int} is not judged.
 */
final class PropertyTypes {
    private static final Map<String, BigInteger[]> INTEGER_RANGES = Map.of(
            "uint8", range(0, 8, false), "uint16", range(0, 16, false), "uint32", range(0, 32, false),
            "uint64", range(0, 64, false), "sint8", range(7, 7, true), "sint16", range(15, 15, true),
            "sint32", range(31, 31, true), "sint64", range(63, 63, true), "int", range(31, 31, true));
    private static final BigInteger HIGHEST_PORT = BigInteger.valueOf(65535);

    private PropertyTypes() {
    }

    /** Why an attribute of {@code attributeType} cannot be carried by an OVF property of {@code ovfType}, if it cannot. */
    static Optional<String> incompatibility(AttributeType attributeType, String ovfType) {
        String type = ovfType.toLowerCase(Locale.ROOT);
        boolean compatible = switch (type) {
            case "string" -> true;
            case "boolean" -> attributeType == AttributeType.BOOLEAN;
            case "real32", "real64" -> attributeType == AttributeType.LONG;
            default -> !INTEGER_RANGES.containsKey(type) || fitsInteger(attributeType, INTEGER_RANGES.get(type));
        };
        return compatible ? Optional.empty() : Optional.of(attributeType + " does not fit the OVF property type " + ovfType);
    }

    /** Why {@code value} does not fit an OVF property of {@code ovfType}, if it does not (integer ranges only). */
    static Optional<String> valueProblem(String value, String ovfType) {
        BigInteger[] range = INTEGER_RANGES.get(ovfType.toLowerCase(Locale.ROOT));
        if (range == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            BigInteger number = new BigInteger(value);
            return number.compareTo(range[0]) >= 0 && number.compareTo(range[1]) <= 0 ? Optional.empty()
                    : Optional.of("must be between " + range[0] + " and " + range[1] + " for the OVF property type " + ovfType);
        } catch (NumberFormatException e) {
            return Optional.of("must be a whole number for the OVF property type " + ovfType);
        }
    }

    private static boolean fitsInteger(AttributeType attributeType, BigInteger[] range) {
        return switch (attributeType) {
            case LONG -> true;
            case PORT -> range[1].compareTo(HIGHEST_PORT) >= 0;
            default -> false;
        };
    }

    /** Unsigned: 0 .. 2^bits-1; signed: -2^bits .. 2^bits-1. */
    private static BigInteger[] range(int lowBits, int highBits, boolean signed) {
        BigInteger high = BigInteger.TWO.pow(highBits).subtract(BigInteger.ONE);
        BigInteger low = signed ? BigInteger.TWO.pow(lowBits).negate() : BigInteger.ZERO;
        return new BigInteger[] {low, high};
    }
}
