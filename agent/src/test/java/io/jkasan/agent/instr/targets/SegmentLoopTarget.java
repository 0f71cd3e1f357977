package io.jkasan.agent.instr.targets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Loops over {@code MemorySegment}s and {@code ByteBuffer}s, for the segment-loop analysis: which are bracketed and
 * which are not.
 */
public final class SegmentLoopTarget {
    private static final VarHandle LONGS = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INTS = ValueLayout.JAVA_INT.varHandle();
    private static VarHandle replaceable = ValueLayout.JAVA_LONG.varHandle();
    private static long calls;

    private SegmentLoopTarget() {
    }

    /** Bracketed: a counted loop of reads. */
    public static long sum(MemorySegment s) {
        long total = 0;
        for (long o = 0, end = s.byteSize(); o < end; o += 8) {
            total += s.get(ValueLayout.JAVA_LONG, o);
        }
        return total;
    }

    /** Bracketed: the head calls {@code byteSize()}, the body reads offsets from an array and writes. */
    public static void scatter(MemorySegment s, long[] offsets) {
        for (int i = 0; i < offsets.length && i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_INT, offsets[i], i);
        }
    }

    /** Bracketed: a {@code break} leaves through the same exit as the head. */
    public static long firstNonZero(MemorySegment s, long end) {
        long o = 0;
        for (; o < end; o += 8) {
            if (s.get(ValueLayout.JAVA_LONG, o) != 0) {
                break;
            }
        }
        return o;
    }

    /** Not bracketed: the loop calls another method. */
    public static long withCall(MemorySegment s) {
        long total = 0;
        for (long o = 0; o < 64; o += 8) {
            total += s.get(ValueLayout.JAVA_LONG, o) + helper();
        }
        return total;
    }

    /** Bracketed: two segments, each checked at entry. */
    public static void copy(MemorySegment from, MemorySegment to) {
        for (long o = 0; o < 64; o += 8) {
            to.set(ValueLayout.JAVA_LONG, o, from.get(ValueLayout.JAVA_LONG, o));
        }
    }

    /** Not bracketed: five segments. */
    public static long five(MemorySegment a, MemorySegment b, MemorySegment c, MemorySegment d, MemorySegment e) {
        long total = 0;
        for (long o = 0; o < 64; o += 8) {
            total += a.get(ValueLayout.JAVA_LONG, o) + b.get(ValueLayout.JAVA_LONG, o) + c.get(ValueLayout.JAVA_LONG, o)
                    + d.get(ValueLayout.JAVA_LONG, o) + e.get(ValueLayout.JAVA_LONG, o);
        }
        return total;
    }

    /** Not bracketed: a return inside the loop. */
    public static long indexOf(MemorySegment s, byte b) {
        for (long o = 0; o < 64; o++) {
            if (s.get(ValueLayout.JAVA_BYTE, o) == b) {
                return o;
            }
        }
        return -1;
    }

    /** Not bracketed: the segment's local is written in the loop. */
    public static long slices(MemorySegment s) {
        long total = 0;
        MemorySegment part = s;
        for (int i = 0; i < 4; i++) {
            total += part.get(ValueLayout.JAVA_LONG, 0);
            part = s;
        }
        return total;
    }

    /** Not bracketed: a static field of another class. */
    public static long otherStatic(MemorySegment s) {
        long total = 0;
        for (long o = 0; o < 64; o += 8) {
            total += s.get(ValueLayout.JAVA_LONG, o) + (System.out == null ? 1 : 0);
        }
        return total;
    }

    /** Bracketed: reads through a {@code static final} handle; the runtime decides whether it suspends. */
    public static long sumThroughHandle(MemorySegment s) {
        long total = 0;
        for (long o = 0, end = s.byteSize(); o < end; o += 8) {
            total += (long) LONGS.get(s, o);
        }
        return total;
    }

    /** Bracketed: a handle held in a local, and an accessor on the same segment. */
    public static long mixed(MemorySegment s, VarHandle longs) {
        long total = 0;
        for (long o = 0; o < 64; o += 16) {
            total += (long) longs.get(s, o) + s.get(ValueLayout.JAVA_LONG, o + 8);
        }
        return total;
    }

    /** Not bracketed: the handle is in a field another thread could replace. */
    public static long sumThroughReplaceable(MemorySegment s) {
        long total = 0;
        for (long o = 0; o < 64; o += 8) {
            total += (long) replaceable.get(s, o);
        }
        return total;
    }

    /** Bracketed: two handles, each checked at entry. */
    public static long twoHandles(MemorySegment s) {
        long total = 0;
        for (long o = 0; o < 64; o += 8) {
            total += (long) LONGS.get(s, o) + (int) INTS.get(s, o);
        }
        return total;
    }

    /** Bracketed: absolute reads of a buffer, bounded by its limit. */
    public static long sumBuffer(ByteBuffer b) {
        long total = 0;
        for (int i = 0; i + 8 <= b.limit(); i += 8) {
            total += b.getLong(i);
        }
        return total;
    }

    /** Bracketed: relative reads while the buffer has some left. */
    public static long drain(ByteBuffer b) {
        long total = 0;
        while (b.remaining() >= 4) {
            total += b.getInt();
        }
        return total;
    }

    /** Bracketed: chained relative writes, both on the buffer in the local. */
    public static void fillPairs(ByteBuffer b, int pairs) {
        for (int i = 0; i < pairs; i++) {
            b.putInt(i).putInt(-i);
        }
    }

    /** Bracketed: a segment and a buffer; the segment enters, the buffer narrows. */
    public static void copyToBuffer(MemorySegment from, ByteBuffer to) {
        for (long o = 0; o < 64; o += 8) {
            to.putLong((int) o, from.get(ValueLayout.JAVA_LONG, o));
        }
    }

    /** Bracketed: two buffers; a null second one goes through the stub that resumes checks. */
    public static void copyBuffer(ByteBuffer from, ByteBuffer to) {
        for (int i = 0; i < 64; i += 8) {
            to.putLong(i, from.getLong(i));
        }
    }

    /** Not bracketed: a bulk transfer, which is not an element accessor. */
    public static void bulk(ByteBuffer b, byte[] chunk) {
        for (int i = 0; i < 4; i++) {
            b.get(chunk);
        }
    }

    /** Not bracketed: {@code flip()} moves the limit. */
    public static long flips(ByteBuffer b) {
        long total = 0;
        for (int i = 0; i < 4; i++) {
            total += b.get(0);
            b.flip();
        }
        return total;
    }

    /** Not bracketed: the buffer a putter is chained on is not the local's (a slice made in the loop). */
    public static void slicePuts(ByteBuffer b) {
        for (int i = 0; i < 4; i++) {
            b.slice().putInt(i);
        }
    }

    private static long helper() {
        return ++calls;
    }
}
