package io.jkasan.runtime.shadow;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Dynamic population and lazy release of shadow pages: KASAN_VMALLOC's {@code kasan_populate_vmalloc} and
 * {@code kasan_release_vmalloc} (Linux 5.5, {@code mm/kasan/common.c}).
 *
 * <p>One shadow page covers 32 KiB of arena and is shared by every area that touches that window. A page is
 * "present" once an area has needed it; the count of present pages is the series' {@code
 * vmalloc_shadow_pages}. Because shadow is stored XOR 0xF8, a page that was never present (or was
 * released with {@code MADV_DONTNEED}) already reads as VMALLOC_INVALID, which is exactly what populate
 * must fill it with, so populating only records presence; racing populators agree on one winner through
 * a compare-and-set on the presence bitmap, as the kernel's PTE install under {@code page_table_lock}.
 */
public final class ShadowPages {
    private static final long G = ShadowMapping.SHADOW_PAGE_COVERAGE;

    private final AtomicLongArray present;
    /**
     * Present pages. Every allocation and purge changes it, from every node at once, so it is striped
     * ({@link LongAdder}): one shared counter was a cache line both cores wrote on every allocation.
     */
    private final LongAdder count = new LongAdder();

    /** Creates the bitmap for the whole arena. */
    public ShadowPages() {
        long pages = (ShadowMapping.ARENA_SIZE + G - 1) / G;
        present = new AtomicLongArray((int) ((pages + 63) >>> 6));
    }

    /**
     * Populates every shadow page covering {@code [address, address + size)} that is not present yet
     * ({@code kasan_populate_vmalloc}; {@code size} includes the guard page).
     *
     * @param address arena address
     * @param size bytes
     * @return the number of pages newly populated
     */
    public int populate(long address, long size) {
        long first = pageIndex(address);
        long last = pageIndex(address + size - 1);
        int added = 0;
        for (long p = first; p <= last; p++) {
            int word = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            while (true) {
                long old = present.get(word);
                if ((old & bit) != 0) {
                    break;                                   // shared with a neighbour: already there
                }
                if (present.compareAndSet(word, old, old | bit)) {
                    added++;
                    break;
                }
            }
        }
        if (added != 0) {
            count.add(added);
        }
        return added;
    }

    /**
     * Releases the shadow pages of a purged area that lie wholly inside the merged free region
     * ({@code kasan_release_vmalloc}), so pages still used by live neighbours survive.
     *
     * <pre>
     *   region_start = ALIGN(start, 32K);  region_end = ALIGN_DOWN(end, 32K)
     *   if start != region_start and ALIGN(free_start, 32K) < region_start:  region_start -= 32K
     *   if end != region_end and ALIGN_DOWN(free_end, 32K) > region_end:     region_end += 32K
     *   release shadow pages of [region_start, region_end) when non-empty
     * </pre>
     *
     * @param start purged area start
     * @param end purged area end (guard included)
     * @param freeStart start of the merged free region containing the area
     * @param freeEnd end of that region
     * @param returnPages whether the released pages go back to the OS ({@code madvise(MADV_DONTNEED)}, after
     *     which they read as VMALLOC_INVALID); {@code false} keeps them resident, as they are, for the next area
     *     placed there: all they hold outside live areas is poison, which is all an area placed there needs
     * @return the number of pages released
     */
    public int release(long start, long end, long freeStart, long freeEnd, boolean returnPages) {
        long regionStart = alignUp(start);
        long regionEnd = alignDown(end);
        long fs = alignUp(freeStart);
        if (start != regionStart && fs < regionStart) {
            regionStart -= G;
        }
        long fe = alignDown(freeEnd);
        if (end != regionEnd && fe > regionEnd) {
            regionEnd += G;
        }
        if (regionEnd <= regionStart) {
            return 0;
        }
        int released = 0;
        long runStart = -1;
        for (long a = regionStart; a < regionEnd; a += G) {
            long p = pageIndex(a);
            int word = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            boolean was = clear(word, bit);
            if (was) {
                released++;
                if (runStart < 0) {
                    runStart = a;
                }
            } else if (runStart >= 0) {
                if (returnPages) {
                    discard(runStart, a);
                }
                runStart = -1;
            }
        }
        if (runStart >= 0 && returnPages) {
            discard(runStart, regionEnd);
        }
        if (released != 0) {
            count.add(-released);
        }
        return released;
    }

    private boolean clear(int word, long bit) {
        while (true) {
            long old = present.get(word);
            if ((old & bit) == 0) {
                return false;
            }
            if (present.compareAndSet(word, old, old & ~bit)) {
                return true;
            }
        }
    }

    private static void discard(long memStart, long memEnd) {
        ShadowMapping.BACKEND.discard(ShadowMapping.memToShadow(memStart),
                (memEnd - memStart) >>> ShadowBytes.SCALE_SHIFT);
    }

    /** @return populated shadow pages (the series' {@code vmalloc_shadow_pages}) */
    public long count() {
        return count.sum();
    }

    private static long pageIndex(long address) {
        return (address - ShadowMapping.ARENA_START) / G;
    }

    private static long alignUp(long a) {
        long off = a - ShadowMapping.ARENA_START;
        return ShadowMapping.ARENA_START + ((off + G - 1) & -G);
    }

    private static long alignDown(long a) {
        long off = a - ShadowMapping.ARENA_START;
        return ShadowMapping.ARENA_START + (off & -G);
    }
}
