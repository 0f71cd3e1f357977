package io.jkasan.runtime.check;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * The kernel's {@code memory_is_poisoned_1/2_4_8/16/n} ({@code mm/kasan/generic.c}), literally, over
 * logical shadow values. The caller guarantees the range lies in the arena.
 */
public final class MemoryPoison {
    private MemoryPoison() {
    }

    /**
     * @param a address
     * @return whether a 1-byte access at {@code a} is bad: {@code s != 0 && (a & 7) >= s}, signed, so every
     *     negative poison value is bad
     */
    public static boolean poisoned1(long a) {
        byte s = ShadowMemory.get(a);
        return s != 0 && (byte) (a & ShadowBytes.GRANULE_MASK) >= s;
    }

    /**
     * 2, 4 and 8-byte accesses: if the access crosses a granule, the first granule must be fully
     * accessible; in every case the last byte must pass the 1-byte test.
     *
     * @param a address
     * @param size 2, 4 or 8
     * @return whether the access is bad
     */
    public static boolean poisoned248(long a, int size) {
        long last = a + size - 1;
        if ((last & ShadowBytes.GRANULE_MASK) < size - 1) {
            return ShadowMemory.get(a) != 0 || poisoned1(last);
        }
        return poisoned1(last);
    }

    /**
     * 16-byte accesses: the two shadow bytes at {@code shadow(a)} must be 0, and when {@code a} is unaligned
     * the last byte must pass the 1-byte test.
     *
     * @param a address
     * @return whether the access is bad
     */
    public static boolean poisoned16(long a) {
        boolean firstTwo = ShadowMemory.get(a) != 0 || ShadowMemory.get(a + ShadowBytes.GRANULE) != 0;
        if ((a & ShadowBytes.GRANULE_MASK) == 0) {
            return firstTwo;
        }
        return firstTwo || poisoned1(a + 15);
    }

    /**
     * N-byte accesses: find the first non-zero shadow byte of the range; it is tolerated only if it is the
     * last one and covers the last byte ({@code memory_is_poisoned_n}).
     *
     * @param a address
     * @param size bytes, positive
     * @return whether the access is bad
     */
    public static boolean poisonedN(long a, long size) {
        long last = a + size - 1;
        long firstGranule = a & ~(long) ShadowBytes.GRANULE_MASK;
        long lastGranule = last & ~(long) ShadowBytes.GRANULE_MASK;
        long bad = firstNonZero(firstGranule, lastGranule);
        if (bad < 0) {
            return false;
        }
        if (bad != lastGranule) {
            return true;
        }
        return (byte) (last & ShadowBytes.GRANULE_MASK) >= ShadowMemory.get(bad);
    }

    /**
     * @return the first granule in {@code [from, to]} whose shadow is not 0, or -1; scans eight stored shadow
     *     bytes at a time where it can, as the kernel's {@code bytes_is_nonzero} does with u64 words
     */
    private static long firstNonZero(long from, long to) {
        long g = from;
        if (ShadowMapping.inArena(from) && ShadowMapping.inArena(to)) {
            long s = ShadowMapping.memToShadow(g);
            long sEnd = ShadowMapping.memToShadow(to);
            while (s + 7 <= sEnd && U.getLong(s) == ShadowBytes.STORED_ACCESSIBLE_WORD) {
                s += 8;
                g += 8L * ShadowBytes.GRANULE;
            }
        }
        for (; g <= to; g += ShadowBytes.GRANULE) {
            if (ShadowMemory.get(g) != 0) {
                return g;
            }
        }
        return -1;
    }

    /**
     * Dispatches on size as {@code memory_is_poisoned} does.
     *
     * @param a address
     * @param size bytes, positive
     * @return whether the access is bad
     */
    public static boolean poisoned(long a, long size) {
        switch ((int) Math.min(size, 17)) {
            case 1: return poisoned1(a);
            case 2: case 4: case 8: return poisoned248(a, (int) size);
            case 16: return poisoned16(a);
            default: return poisonedN(a, size);
        }
    }
}
