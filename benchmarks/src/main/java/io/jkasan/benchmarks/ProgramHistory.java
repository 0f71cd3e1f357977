package io.jkasan.benchmarks;

import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * What a program has usually done before its hot loops run, replayed in a benchmark's trial set-up: it has
 * written a large area of its own {@code Unsafe} memory, and read the last, partial granule of small direct
 * buffers. With the agent, the first accesses to each page of such an area take a check's out-of-line path
 * (its shadow is unpoisoned where accesses first reach it), and so would a partial granule if the inline check
 * did not answer it. HotSpot profiles a branch once for every caller of the method that holds it, and C2 keeps
 * a call on any branch the profile has seen taken: had either reached the check every segment and buffer access
 * of the JDK shares, every segment and buffer loop compiled afterwards would carry that call and run several
 * times slower (docs/performance.md, section 1, "One profile per check"). The segment and buffer benchmarks
 * replay this history so that such a regression shows in their figures. Without the agent it costs a few
 * milliseconds, once per fork.
 */
public final class ProgramHistory {
    /** Areas written in turn, each {@link #AREA_BYTES}: large enough for the shadow to be unpoisoned lazily. */
    static final int AREAS = 64;
    static final long AREA_BYTES = 1 << 20;
    static final int SMALL_BUFFERS = 1000;
    /** A direct buffer's size whose last granule is partial: 13 = 8 + 5. */
    static final int SMALL_BYTES = 13;

    private ProgramHistory() {
    }

    /**
     * Writes and reads one long per page of {@link #AREAS} fresh {@code Unsafe} areas, then writes and reads
     * the last byte of {@link #SMALL_BUFFERS} direct buffers of {@link #SMALL_BYTES} bytes.
     *
     * @return a sum of what was read, for the caller to consume
     */
    public static long replay() {
        Unsafe u = Unsafes.UNSAFE;
        long sum = 0;
        for (int a = 0; a < AREAS; a++) {
            long p = u.allocateMemory(AREA_BYTES);
            for (long off = 0; off < AREA_BYTES; off += 4096) {
                u.putLong(p + off, off);
                sum += u.getLong(p + off);
            }
            u.freeMemory(p);
        }
        for (int b = 0; b < SMALL_BUFFERS; b++) {
            ByteBuffer small = ByteBuffer.allocateDirect(SMALL_BYTES);
            small.put(SMALL_BYTES - 1, (byte) b);
            sum += small.get(SMALL_BYTES - 1);
        }
        return sum;
    }
}
