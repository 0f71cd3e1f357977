package io.jkasan.agent.instr.targets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Segment and buffer accessors called outside any loop, and one inside a {@code do}-{@code while} loop, for the
 * test that lets a method or class the rewrite has nothing to do in go unparsed ({@code CodeOffsetsTest}).
 */
public final class SegmentCallsOutsideLoops {
    private SegmentCallsOutsideLoops() {
    }

    /** Two reads, no jump at all. */
    public static long straight(MemorySegment s) {
        return s.get(ValueLayout.JAVA_LONG, 0) + s.get(ValueLayout.JAVA_LONG, 8);
    }

    /** Forward jumps only: a condition and a conditional expression. */
    public static int branchy(ByteBuffer b, boolean twice) {
        int v = b.getInt(0);
        if (twice) {
            v += b.getInt(4);
        }
        return v > 0 ? v : -v;
    }

    /** A loop before the reads, which lie outside it. */
    public static long afterLoop(MemorySegment s, int n) {
        int i = 0;
        while (i < n) {
            i += 2;
        }
        return s.get(ValueLayout.JAVA_LONG, i);
    }

    /** A loop closed by a conditional jump back, not a {@code goto}. */
    public static long doWhile(MemorySegment s) {
        long total = 0;
        long o = 0;
        do {
            total += s.get(ValueLayout.JAVA_BYTE, o);
            o++;
        } while (o < 8);
        return total;
    }
}
