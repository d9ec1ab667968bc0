package io.interpose.model.policy;

/**
 * Case-insensitive text comparison, one definition for every place that needs it. A string is folded
 * char by char ({@code toLowerCase(toUpperCase(c))}, as {@link String#equalsIgnoreCase} does), so a
 * folded index key and a direct comparison always agree. The comparison methods take the pattern
 * already folded and fold the text on the fly, without allocating.
 */
public final class CaseFold {
    private CaseFold() {
    }

    /** The folded form of {@code text}: equal folded forms mean equal ignoring case. */
    public static String fold(String text) {
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = fold(c);
            if (f != c && folded == null) {
                folded = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (folded != null) {
                folded.append(f);
            }
        }
        return folded == null ? text : folded.toString();
    }

    /** The folded form of one char. */
    public static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Whether {@code text} equals the already folded {@code folded}, ignoring case. */
    public static boolean equals(String text, String folded) {
        return text.length() == folded.length() && regionMatches(text, 0, folded);
    }

    public static boolean startsWith(String text, String folded) {
        return text.length() >= folded.length() && regionMatches(text, 0, folded);
    }

    public static boolean endsWith(String text, String folded) {
        int from = text.length() - folded.length();
        return from >= 0 && regionMatches(text, from, folded);
    }

    public static boolean contains(String text, String folded) {
        for (int from = 0; from + folded.length() <= text.length(); from++) {
            if (regionMatches(text, from, folded)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(String text, int from, String folded) {
        for (int i = 0; i < folded.length(); i++) {
            if (fold(text.charAt(from + i)) != folded.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
