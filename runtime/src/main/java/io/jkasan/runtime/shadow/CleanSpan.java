package io.jkasan.runtime.shadow;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

/**
 * One span of the arena whose every byte is accessible: the requested bytes of one live area. An absolute
 * access of at most 8 bytes inside it needs no shadow load ({@code AccessChecker.check(long, int, boolean)}).
 *
 * <p>ASan and KASAN need no such thing, since their check is inlined machine code. Here the check is Java that
 * C2 compiles into the caller, and the two are not equal: a shadow load per access keeps C2 from moving the
 * check out of a loop, while {@code address - start <u limit} against fields it may load once before the loop
 * is a range check it hoists like an array bound. On a loop that is not versioned (a probe that leaves by
 * {@code return}, random reads through an index table) the check then costs nothing; measured in
 * docs/performance.md, section 1, "One clean span".
 *
 * <p>The span is exact, not a hint:
 * <ul>
 *   <li>it is published only under the lock of the node the area lies in, from a live area whose whole
 *       requested size was unpoisoned and that the program never poisoned itself ({@code Jkasan.poison} or
 *       {@code unpoison}), and never from a thread stack;</li>
 *   <li>every shadow write ({@link ShadowMemory#fill}, {@link ShadowMemory#unpoison}) that overlaps it withdraws
 *       it first, with a store fence before the write; a free writes the freed area's shadow under the same
 *       node lock a publication takes, so a span is never published over an area being freed.</li>
 * </ul>
 * The field is read plainly, so that C2 may load it once before a loop (a {@code volatile} read is not
 * hoisted: a 1 MiB read loop took 122 µs instead of 37). Within one run of such a loop, a free by another
 * thread is therefore seen at the loop's next entry, not inside it; the same holds for loops the agent versions
 * (docs/usage.md, "Limits"). Outside loops, the window is the one every shadow check has between its load and
 * the access.
 */
public final class CleanSpan {
    private static final CleanSpan NONE = new CleanSpan(0, 0);
    /** The span in force; read plainly by every absolute check, replaced with a store fence. */
    private static CleanSpan current = NONE;

    /** First byte. */
    private final long start;
    /**
     * An access of at most 8 bytes at {@code a} lies inside when {@code a - start <u limit}: the span's length
     * minus 7, so that the last 8 bytes are the last access that fits; 0 for no span.
     */
    private final long limit;

    private CleanSpan(long start, long limit) {
        this.start = start;
        this.limit = limit;
    }

    /**
     * @param address an absolute address
     * @return whether an access of at most 8 bytes at {@code address} lies in the span
     */
    public static boolean covers(long address) {
        CleanSpan c = current;
        return Long.compareUnsigned(address - c.start, c.limit) < 0;
    }

    /**
     * @param address first byte of a range
     * @param size its length in bytes, positive
     * @return whether the whole range lies in the span
     */
    public static boolean covers(long address, long size) {
        CleanSpan c = current;
        return c.limit != 0 && Long.compareUnsigned(address - c.start, c.end() - c.start) < 0
                && Long.compareUnsigned(size, c.end() - address) <= 0;
    }

    /**
     * Makes {@code [start, start + length)} the span. The caller holds the lock of the node the range lies in
     * and knows every byte of it accessible.
     *
     * @param start first byte
     * @param length bytes; fewer than 8 publish nothing
     */
    public static void publish(long start, long length) {
        if (length >= Long.BYTES) {
            current = new CleanSpan(start, length - (Long.BYTES - 1));
            U.storeFence();
        }
    }

    /**
     * Withdraws the span if a shadow write to the granules of {@code [address, address + size)} may touch it;
     * called before the write, or by a free that leaves part of its area's shadow unwritten
     * ({@code LazyShadow}).
     *
     * @param address first byte of the range
     * @param size its length in bytes
     */
    public static void withdrawOverlapping(long address, long size) {
        CleanSpan c = current;
        if (c.limit != 0 && address < c.end() && c.start < address + size + ShadowBytes.GRANULE) {
            current = NONE;
            U.storeFence();
        }
    }

    /** @return the first byte of the span, or 0 when there is none (for tests) */
    public static long start() {
        return current.start;
    }

    /** @return the span's length in bytes, or 0 when there is none (for tests) */
    public static long length() {
        CleanSpan c = current;
        return c.limit == 0 ? 0 : c.end() - c.start;
    }

    /** @return the end of a span that is not {@link #NONE}: {@link #limit} is its length minus 7 */
    private long end() {
        return start + limit + (Long.BYTES - 1);
    }
}
