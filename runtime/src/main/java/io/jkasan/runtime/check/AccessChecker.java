package io.jkasan.runtime.check;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;

/**
 * The checks the bridges run before every access (≈ the kernel's {@code check_region_inline}): size 0,
 * then the address range, then the shadow, then a report.
 *
 * <p>The fast path of {@link #check} is a few bytecodes so that the JIT inlines it into the caller: one
 * unsigned range compare, one shadow byte load, one compare (a second load and compare for an access that
 * crosses a granule). Anything unusual (partial granule, poisoned, outside the arena) goes to an out-of-line method that runs the kernel's exact logic
 * ({@link MemoryPoison}) and reports only if the access really is bad. Each method returns whether the
 * access may be performed: a flagged store never is (docs/options.md).
 */
public final class AccessChecker {
    private static final long ARENA_START = ShadowMapping.ARENA_START;
    private static final long ARENA_SIZE = ShadowMapping.ARENA_SIZE;
    private static final long SHADOW_START = ShadowMapping.SHADOW_START;
    private static final boolean STRICT = RuntimeState.options().strict();
    private static final long NULL_PAGE = 4096;

    private AccessChecker() {
    }

    /** Forces class initialisation, so the first real check loads nothing. */
    public static void initialize() {
        // Exercise the slow path's shadow logic once so its classes are loaded and linked before user code
        // runs.
        MemoryPoison.poisoned(ARENA_START, 1);
    }

    /**
     * Checks an absolute access of 1, 2, 4 or 8 bytes.
     *
     * @param address the address
     * @param size the access size, 1..8
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean check(long address, int size, boolean write) {
        return check(null, address, size, write);
    }

    /**
     * Checks an {@code (Object base, long offset)} access: a {@code null} base is absolute, an array base is
     * bounds-checked, any other object (a field access) is left alone.
     *
     * @param base the base object
     * @param offset the offset
     * @param size access size in bytes, or {@link io.jkasan.runtime.hooks.UnsafeMethod#REFERENCE_SIZE} for a
     *     reference (one reference slot)
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean check(Object base, long offset, int size, boolean write) {
        if (base != null) {
            return checkArray(base, offset, size < 0 ? ArrayLayout.REFERENCE_SCALE : size, write);
        }
        if (size < 0) {
            return true;                                   // an absolute reference slot: not checked
        }
        // The absolute fast path is here rather than in check(long, int, boolean), which calls this one: the
        // bridges called from jdk.internal.misc.ScopedMemoryAccess serve heap buffers (array bases) and native
        // memory alike, and a nested call on the null-base branch would look rare to C2's profile and stay out
        // of line ("too big"); with no call on the branch, native accesses keep the check inlined.
        long arenaOffset = offset - ARENA_START;
        // Inside the arena, the first granule fully accessible, and either the access stays inside it (the
        // common, aligned case) or the granule of its last byte is fully accessible too (an unaligned
        // access of at most 8 bytes spans at most two granules).
        if (Long.compareUnsigned(arenaOffset, ARENA_SIZE) < 0
                && U.getByte(SHADOW_START + (arenaOffset >>> ShadowBytes.SCALE_SHIFT)) == ShadowBytes.STORED_ACCESSIBLE
                && (((int) offset & ShadowBytes.GRANULE_MASK) + size <= ShadowBytes.GRANULE
                    || U.getByte(SHADOW_START + ((arenaOffset + size - 1) >>> ShadowBytes.SCALE_SHIFT))
                        == ShadowBytes.STORED_ACCESSIBLE)) {
            return true;
        }
        // Out of line: the kernel's exact logic for the arena, the null page and strict mode.
        return rangeStatus(null, offset, size, write) != REFUSED;
    }

    /**
     * Bounds-checks an access of {@code size} bytes at {@code offset} in {@code base} if it is an array. The
     * kind of array is told by {@code instanceof}, which the JIT folds with the type profile of the call
     * site, and its layout comes from constants read once ({@link ArrayLayout}), never by reflection.
     */
    private static boolean checkArray(Object base, long offset, long size, boolean write) {
        long first;
        long bytes;
        if (base instanceof byte[]) {
            first = ArrayLayout.BYTE_BASE;
            bytes = ((byte[]) base).length;
        } else if (base instanceof long[]) {
            first = ArrayLayout.LONG_BASE;
            bytes = (long) ((long[]) base).length << 3;
        } else if (base instanceof int[]) {
            first = ArrayLayout.INT_BASE;
            bytes = (long) ((int[]) base).length << 2;
        } else if (base instanceof Object[]) {
            first = ArrayLayout.REFERENCE_BASE;
            bytes = (long) ((Object[]) base).length * ArrayLayout.REFERENCE_SCALE;
        } else if (base instanceof char[]) {
            first = ArrayLayout.CHAR_BASE;
            bytes = (long) ((char[]) base).length << 1;
        } else if (base instanceof short[]) {
            first = ArrayLayout.SHORT_BASE;
            bytes = (long) ((short[]) base).length << 1;
        } else if (base instanceof double[]) {
            first = ArrayLayout.DOUBLE_BASE;
            bytes = (long) ((double[]) base).length << 3;
        } else if (base instanceof float[]) {
            first = ArrayLayout.FLOAT_BASE;
            bytes = (long) ((float[]) base).length << 2;
        } else if (base instanceof boolean[]) {
            first = ArrayLayout.BOOLEAN_BASE;
            bytes = ((boolean[]) base).length;
        } else {
            return true;                                  // a field of an ordinary object: not checked
        }
        if (offset >= first && size >= 0 && offset + size <= first + bytes) {
            return true;
        }
        return RuntimeState.reports().arrayOutOfBounds(base, offset, size, write, first, bytes);
    }

    /** {@link #rangeStatus}: no report. */
    private static final int CLEAN = 0;
    /** {@link #rangeStatus}: reported, and the access may still be performed (a load in mapped memory). */
    private static final int REPORTED = 1;
    /** {@link #rangeStatus}: reported, and the access must not be performed. */
    private static final int REFUSED = 2;

    /**
     * Checks an absolute range access of {@code size} bytes ({@code setMemory}).
     *
     * @param address start
     * @param size bytes; 0 is always fine, a negative size is left to {@code Unsafe} to reject
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean checkRange(long address, long size, boolean write) {
        return rangeStatus(null, address, size, write) != REFUSED;
    }

    /**
     * @param base null for absolute, an array, or another object (unchecked)
     * @param offset offset or address
     * @param size bytes
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean checkRange(Object base, long offset, long size, boolean write) {
        return rangeStatus(base, offset, size, write) != REFUSED;
    }

    /**
     * Checks a copy as the kernel's {@code memcpy} wrapper does: the source as a read first, then the
     * destination as a write; the first bad side is reported and the copy is not performed.
     *
     * @param srcBase source base or null
     * @param srcOffset source offset or address
     * @param dstBase destination base or null
     * @param dstOffset destination offset or address
     * @param size bytes
     * @return whether the copy may be performed
     */
    public static boolean checkCopy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, long size) {
        return rangeStatus(srcBase, srcOffset, size, false) == CLEAN
                && rangeStatus(dstBase, dstOffset, size, true) == CLEAN;
    }

    /**
     * Checks a comparison of two ranges ({@code vectorizedMismatch}, ASan's {@code memcmp}): both as reads,
     * {@code a} first; only the first bad side is reported.
     *
     * @param aBase first base or null
     * @param aOffset first offset or address
     * @param bBase second base or null
     * @param bOffset second offset or address
     * @param size bytes of each range
     * @return whether the comparison may be performed (a flagged load in mapped memory still is)
     */
    public static boolean checkCompare(Object aBase, long aOffset, Object bBase, long bOffset, long size) {
        int a = rangeStatus(aBase, aOffset, size, false);
        if (a != CLEAN) {
            return a == REPORTED;
        }
        return rangeStatus(bBase, bOffset, size, false) != REFUSED;
    }

    private static int rangeStatus(Object base, long offset, long size, boolean write) {
        if (size <= 0) {
            return CLEAN;
        }
        if (base != null) {
            return checkArray(base, offset, size, write) ? CLEAN : REFUSED;   // never performed outside
        }
        long arenaOffset = offset - ARENA_START;
        boolean perform;
        if (Long.compareUnsigned(arenaOffset, ARENA_SIZE) < 0) {
            if (Long.compareUnsigned(arenaOffset + size, ARENA_SIZE) <= 0 && !MemoryPoison.poisoned(offset, size)) {
                return CLEAN;
            }
            perform = RuntimeState.reports().badAccess(offset, size, write);
        } else if (Long.compareUnsigned(offset, NULL_PAGE) < 0) {
            perform = RuntimeState.reports().nullDeref(offset, size, write);
        } else if (STRICT) {
            perform = RuntimeState.reports().wildAccess(offset, size, write);
        } else {
            return CLEAN;
        }
        return perform ? REPORTED : REFUSED;
    }
}
