package io.jkasan.runtime.hooks.ffm;

import io.jkasan.runtime.check.AccessChecker;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bridges of {@code MemorySegment.get(ValueLayout.OfX, long)} and {@code set(ValueLayout.OfX, long, x)}
 * call sites (JDK 22+; compiled at release 22 and only ever linked from classes of class-file version 66 or
 * more, which the agent rewrites only on a JDK 22+).
 *
 * <p>The receiver is the bridge's first parameter. A bridge checks the shadow of the native range
 * {@code [address() + offset, + layout.byteSize())} only when the JDK would perform the access: a native
 * segment, the offset inside the segment, the address aligned to the layout, the segment's scope alive,
 * the segment writable for a store and accessible by this thread. In every other case the original call
 * runs and throws exactly as it would without jkasan (IndexOutOfBoundsException, IllegalStateException,
 * ...); a heap segment is the JDK's alone. What the shadow catches is what the JDK cannot: a segment whose
 * size is wrong ({@code reinterpret}, {@code ofAddress} aliases) or whose memory was freed behind its back
 * (an alias read after its arena was closed).
 *
 * <p>As the {@code Unsafe} bridges do (docs/design.md, "The bridges"), a flagged store is not performed
 * and a flagged load that must not be performed yields zero ({@code false}, {@link MemorySegment#NULL}).
 */
public final class MemorySegmentHooks {
    private MemorySegmentHooks() {
    }

    /**
     * @param segment the receiver; {@code null} throws {@code NullPointerException} as the original call would
     * @param layout the access layout
     * @param offset the offset in the segment
     * @param write whether it is a store
     * @return whether the access may be performed (also when it is left to the JDK to refuse)
     */
    private static boolean allowed(MemorySegment segment, ValueLayout layout, long offset, boolean write) {
        if (!segment.isNative()) {
            return true;                                        // heap memory: the JDK's own checks
        }
        long size = layout.byteSize();
        if (offset < 0 || offset > segment.byteSize() - size) {
            return true;                                        // the original throws IndexOutOfBoundsException
        }
        long address = segment.address() + offset;
        if ((address & (layout.byteAlignment() - 1)) != 0 || !segment.scope().isAlive()
                || write && segment.isReadOnly() || !segment.isAccessibleBy(Thread.currentThread())) {
            return true;                                        // the original throws
        }
        return AccessChecker.check(address, (int) size, write);
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfByte, long)}. */
    public static byte get(MemorySegment segment, ValueLayout.OfByte layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfBoolean, long)}. */
    public static boolean get(MemorySegment segment, ValueLayout.OfBoolean layout, long offset) {
        return allowed(segment, layout, offset, false) && segment.get(layout, offset);
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfChar, long)}. */
    public static char get(MemorySegment segment, ValueLayout.OfChar layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfShort, long)}. */
    public static short get(MemorySegment segment, ValueLayout.OfShort layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfInt, long)}. */
    public static int get(MemorySegment segment, ValueLayout.OfInt layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfLong, long)}. */
    public static long get(MemorySegment segment, ValueLayout.OfLong layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0L;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfFloat, long)}. */
    public static float get(MemorySegment segment, ValueLayout.OfFloat layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0f;
    }

    /** Checked {@code MemorySegment.get(ValueLayout.OfDouble, long)}. */
    public static double get(MemorySegment segment, ValueLayout.OfDouble layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : 0d;
    }

    /** Checked {@code MemorySegment.get(AddressLayout, long)}. */
    public static MemorySegment get(MemorySegment segment, AddressLayout layout, long offset) {
        return allowed(segment, layout, offset, false) ? segment.get(layout, offset) : MemorySegment.NULL;
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfByte, long, byte)}. */
    public static void set(MemorySegment segment, ValueLayout.OfByte layout, long offset, byte value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfBoolean, long, boolean)}. */
    public static void set(MemorySegment segment, ValueLayout.OfBoolean layout, long offset, boolean value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfChar, long, char)}. */
    public static void set(MemorySegment segment, ValueLayout.OfChar layout, long offset, char value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfShort, long, short)}. */
    public static void set(MemorySegment segment, ValueLayout.OfShort layout, long offset, short value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfInt, long, int)}. */
    public static void set(MemorySegment segment, ValueLayout.OfInt layout, long offset, int value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfLong, long, long)}. */
    public static void set(MemorySegment segment, ValueLayout.OfLong layout, long offset, long value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfFloat, long, float)}. */
    public static void set(MemorySegment segment, ValueLayout.OfFloat layout, long offset, float value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(ValueLayout.OfDouble, long, double)}. */
    public static void set(MemorySegment segment, ValueLayout.OfDouble layout, long offset, double value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }

    /** Checked {@code MemorySegment.set(AddressLayout, long, MemorySegment)}. */
    public static void set(MemorySegment segment, AddressLayout layout, long offset, MemorySegment value) {
        if (allowed(segment, layout, offset, true)) {
            segment.set(layout, offset, value);
        }
    }
}
