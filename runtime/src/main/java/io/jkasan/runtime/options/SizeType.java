package io.jkasan.runtime.options;

/**
 * A size in bytes (see {@link Sizes}) in a closed range, optionally a multiple of a unit or a power of two,
 * and optionally bounded by a fraction of the arena: {@code lazy_max} and {@code thread_stack_size} only
 * make sense within the vmalloc space they are taken from, so {@link Options} checks them against the
 * {@code arena} in force once all sources are merged.
 */
public final class SizeType extends ValueType<Long> {
    private final long min;
    private final long max;
    private final long multiple;
    private final boolean powerOfTwo;
    private final int arenaShift;

    private SizeType(long min, long max, long multiple, boolean powerOfTwo, int arenaShift) {
        if (min < 0 || max < min || multiple < 1) {
            throw new IllegalArgumentException("bad size range");
        }
        this.min = min;
        this.max = max;
        this.multiple = multiple;
        this.powerOfTwo = powerOfTwo;
        this.arenaShift = arenaShift;
    }

    /**
     * @param min smallest size
     * @param max largest size
     * @param multiple every size must be a multiple of this (1 for any)
     * @return sizes in {@code [min, max]} that are multiples of {@code multiple}
     */
    public static SizeType range(long min, long max, long multiple) {
        return new SizeType(min, max, multiple, false, -1);
    }

    /**
     * @param min smallest size, a power of two
     * @param max largest size, a power of two
     * @return powers of two in {@code [min, max]}
     */
    public static SizeType powerOfTwo(long min, long max) {
        return new SizeType(min, max, 1, true, -1);
    }

    /**
     * @param shift 0 for "at most the arena", 2 for "at most a quarter of it"
     * @return this type, further bounded by {@code arena >> shift}
     */
    public SizeType atMostArenaShiftedBy(int shift) {
        return new SizeType(min, max, multiple, powerOfTwo, shift);
    }

    /** @return whether {@link Options} must check values against the arena */
    public boolean boundedByArena() {
        return arenaShift >= 0;
    }

    /**
     * @param arena the arena size in force
     * @return the largest value this type accepts with that arena
     */
    public long largestWithin(long arena) {
        long limit = Math.min(max, arena >> Math.max(arenaShift, 0));
        return powerOfTwo ? Long.highestOneBit(limit) : limit - limit % multiple;
    }

    @Override
    Long parse(String text) throws InvalidValueException {
        long n = Sizes.parse(text);
        if (n < 0) {
            throw new InvalidValueException("expected " + expected() + ", written as " + Sizes.NOTATION);
        }
        if (n < min || n > max || n % multiple != 0 || (powerOfTwo && Long.bitCount(n) != 1)) {
            throw refusal();
        }
        return n;
    }

    @Override
    public String syntax() {
        return describe(false);
    }

    @Override
    public String expected() {
        return describe(true);
    }

    /** The accepted sizes, terse for the options table ({@code prose=false}) or as words for a refusal. */
    private String describe(boolean prose) {
        StringBuilder s = new StringBuilder(prose ? "a " : "");
        s.append(powerOfTwo ? "power of two " : "size ").append(prose ? "from " : "").append(Sizes.format(min))
                .append(prose ? " to " : "..")
                .append(arenaShift == 0 ? (prose ? "the arena size" : "arena") : Sizes.format(max));
        if (multiple > 1) {
            s.append(prose ? ", a multiple of " : ", multiple of ").append(Sizes.format(multiple));
        }
        if (arenaShift > 0) {
            s.append(", at most arena/").append(1L << arenaShift);
        }
        return s.toString();
    }
}
