package io.jkasan.runtime.options;

/**
 * The size notation of options and messages: decimal digits with an optional suffix {@code k}, {@code m},
 * {@code g} or {@code t} (powers of 1024, either case), as {@code -Xmx} takes them.
 */
public final class Sizes {
    /** How a size is written, for messages. */
    static final String NOTATION = "digits with an optional k, m, g or t suffix";

    private static final String UNITS = "kmgt";

    private Sizes() {
    }

    /**
     * Parses a size such as {@code 64g}, {@code 512M}, {@code 32k} or {@code 4096}. Signs, blanks, fractions
     * and a trailing {@code b} are not sizes; neither is anything that overflows a {@code long}.
     *
     * @param text the text
     * @return the number of bytes, or -1 if the text is not a size
     */
    public static long parse(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        int unit = UNITS.indexOf(Character.toLowerCase(text.charAt(text.length() - 1)));
        String digits = unit < 0 ? text : text.substring(0, text.length() - 1);
        if (!isDigits(digits)) {
            return -1;
        }
        int shift = 10 * (unit + 1);
        try {
            long n = Long.parseLong(digits);
            return n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
        } catch (NumberFormatException e) {
            return -1; // more digits than a long holds
        }
    }

    /**
     * Writes a size with the largest suffix that divides it exactly: {@code 64g}, {@code 48m}, {@code 4095}.
     *
     * @param bytes a non-negative size
     * @return the shortest exact notation, which {@link #parse} reads back to the same number
     */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (int unit = UNITS.length() - 1; unit >= 0; unit--) {
            int shift = 10 * (unit + 1);
            if ((bytes & ((1L << shift) - 1)) == 0) {
                return (bytes >>> shift) + String.valueOf(UNITS.charAt(unit));
            }
        }
        return Long.toString(bytes);
    }

    /**
     * @param text any text
     * @return whether it is one or more ASCII digits and nothing else
     */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
