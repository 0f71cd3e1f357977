package io.jkasan.runtime.options;

/**
 * A decimal integer in a closed range. Only digits: no sign, no blanks, no {@code 0x}. A number too long
 * for {@code long} is simply out of range, so the message is the same as for any other value outside it.
 */
public final class IntRangeType extends ValueType<Integer> {
    private final int min;
    private final int max;

    /**
     * @param min smallest accepted value, at least 0
     * @param max largest accepted value
     */
    public IntRangeType(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad range " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    Integer parse(String text) throws InvalidValueException {
        if (!Sizes.isDigits(text)) {
            throw refusal();
        }
        // Leading zeros off (a regular expression here would be compiled in premain for every default).
        int first = 0;
        while (first < text.length() - 1 && text.charAt(first) == '0') {
            first++;
        }
        String digits = text.substring(first);
        if (digits.length() > 10) {
            throw refusal();
        }
        long n = Long.parseLong(digits);
        if (n < min || n > max) {
            throw refusal();
        }
        return (int) n;
    }

    @Override
    public String syntax() {
        return min + ".." + max;
    }

    @Override
    public String expected() {
        return "an integer from " + min + " to " + max;
    }
}
