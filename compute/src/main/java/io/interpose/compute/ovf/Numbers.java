package io.interpose.compute.ovf;

/** Parses the numbers of a descriptor, refusing anything else with a message naming where it was. */
final class Numbers {
    private Numbers() {
    }

    /**
     * {@code text} as a non-negative integer.
     *
     * @throws OvfException INVALID_FORMAT naming {@code where} and the text
     */
    static long nonNegative(String text, String where) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw OvfException.invalid(where + " must be a non-negative integer, but is '" + text + "'");
        }
        return Long.parseLong(trimmed);
    }
}
