package io.jkasan.runtime.alloc;

import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * The shadow of a large area's requested bytes, unpoisoned a piece at a time, where accesses first reach it,
 * instead of all at once at allocation.
 *
 * <p>The kernel's {@code kasan_unpoison_vmalloc} writes the shadow of every requested byte at {@code vmalloc},
 * and {@code kasan_poison_vmalloc} all of it again at {@code vfree}: an eighth of the area, twice. Here the
 * shadow of an address is written a quarantine after it was last used (512 MiB of frees by default), so both
 * writes miss every cache; for an area of a few hundred KiB that the program touches in one place, they were
 * most of an allocation's cost (docs/performance.md, section 2, "Large areas' shadow written where it is
 * used"). Nothing a report or a check answers changes:
 * <ul>
 *   <li>Until its page is unpoisoned, a requested byte's stored shadow is a poison value (a free leaves
 *       {@code ff} over every page it unpoisoned, a purge or a released shadow page {@code f8}), so its first
 *       access fails the inline check and takes the slow path. There, before anything is reported, what the
 *       access reaches of the live area is unpoisoned under the node's lock
 *       ({@link VmallocSpace#materialize}) and the check is made again.</li>
 *   <li>A report unpoisons the pages around the bad address before it copies the shadow, so the rows it prints
 *       are the ones eager unpoisoning would have left.</li>
 *   <li>The free poisons the pages that were unpoisoned and withdraws the {@link CleanSpan} from the whole
 *       area; the rest still holds a poison value, which reports read as the freed area's ({@code AreaPoison}).</li>
 *   <li>The program's own {@code poison} or {@code unpoison} of the area unpoisons all of it first, so its
 *       values are never taken for stale ones.</li>
 * </ul>
 * The area's first access unpoisons the page it touches (4 KiB of the area, 512 bytes of shadow); every later
 * first access to a chunk, 32 KiB of the area (one shadow page), unpoisons the whole chunk. A program that
 * touches all of an area pays one slow path (one lock, one tree lookup) per chunk, and one more, on top of the
 * same shadow writes. Only the areas of rewritten call sites and of the API are unpoisoned this way
 * ({@link #appliesTo}).
 *
 * <p>Chunks are changed under the lock of the node the area lies in.
 */
final class LazyShadow {
    /** Bytes of area per chunk: the memory one 4 KiB shadow page describes. */
    static final long CHUNK = ShadowMapping.SHADOW_PAGE_COVERAGE;
    /** Bytes of area per page, the unit the bitmap records: 512 bytes of shadow. */
    static final long PAGE = ShadowMapping.PAGE_SIZE;
    private static final long PAGES_PER_CHUNK = CHUNK / PAGE;

    private final long start;
    private final long size;
    /** Bit {@code p} set: page {@code p} of the requested bytes is unpoisoned. */
    private final long[] unpoisoned;
    /** Whether any page is unpoisoned: the area's first access unpoisons only its own page. */
    private boolean touched;

    /**
     * @param start the area's first byte, page-aligned
     * @param size its requested bytes, more than one {@link #CHUNK}
     */
    LazyShadow(long start, long size) {
        this.start = start;
        this.size = size;
        this.unpoisoned = new long[(int) ((pages() + 63) >>> 6)];
    }

    /**
     * Whether an area's shadow is unpoisoned lazily: more than one chunk, not a thread stack (whose frames write
     * its shadow all the time), and not memory the JDK allocated for itself. An {@code Unsafe.allocateMemory}
     * that no rewritten call site made (a {@code MemorySegment}'s or a direct {@code ByteBuffer}'s, through the
     * allocator prologue) is reached through the JDK's one access funnel, {@code ScopedMemoryAccess}, whose
     * bridges share one check: once a first access there took the slow path, C2 kept that call in every segment
     * and buffer loop it compiled afterwards, and could no longer hoist the JDK's own bounds and session checks
     * out of them (sequential segment and buffer reads 5.6-5.8x slower; docs/performance.md, section 2). Those
     * areas are unpoisoned whole at allocation, as the kernel does. The program's own {@code Unsafe} accesses
     * reach the slow path from a check of their own ({@code AccessChecker.check(long, int, boolean)}), which C2
     * profiles apart from the funnel's (docs/design.md, "One profile per check").
     *
     * @param size the requested bytes
     * @param kind what the area is for
     * @param callSite the rewritten call site that allocated it, or {@link CallSites#UNKNOWN}
     * @return whether the area gets a {@code LazyShadow}
     */
    static boolean appliesTo(long size, VmallocArea.Kind kind, int callSite) {
        return size > CHUNK && (kind == VmallocArea.Kind.API
                || kind == VmallocArea.Kind.UNSAFE && callSite != CallSites.UNKNOWN);
    }

    private long pages() {
        return (size + PAGE - 1) / PAGE;
    }

    /**
     * Unpoisons what {@code [from, to)} reaches of the requested bytes and no access reached before: the area's
     * first access, within one page, unpoisons that page (a program that touches a large area in one place,
     * its header say, then writes 512 bytes of shadow, not 4 KiB); any later one every page of the chunks it
     * reaches, so that a program going through the whole area takes one slow path per 32 KiB.
     *
     * @param from first address
     * @param to end address, exclusive
     * @return whether any shadow was written
     */
    boolean unpoison(long from, long to) {
        long first = Math.max(from, start);
        long last = Math.min(to, start + size) - 1;
        if (first > last) {
            return false;
        }
        long firstPage = (first - start) / PAGE;
        long lastPage = (last - start) / PAGE;
        if (runEnd(firstPage, lastPage + 1, true) > lastPage) {
            return false;                         // another thread was first, or the access is bad for another reason
        }
        boolean firstAccess = !touched;
        touched = true;
        if (firstAccess && firstPage == lastPage) {
            return unpoisonPages(firstPage, firstPage + 1);
        }
        long chunkPages = Math.min(pages(), (lastPage / PAGES_PER_CHUNK + 1) * PAGES_PER_CHUNK);
        return unpoisonPages(firstPage / PAGES_PER_CHUNK * PAGES_PER_CHUNK, chunkPages);
    }

    /** Unpoisons each run of pages in {@code [from, to)} that is not yet, with one shadow write per run. */
    private boolean unpoisonPages(long from, long to) {
        boolean wrote = false;
        for (long p = from; p < to;) {
            boolean done = isUnpoisoned(p);
            long end = runEnd(p, to, done);
            if (!done) {
                for (long q = p; q < end; q++) {
                    unpoisoned[(int) (q >>> 6)] |= 1L << q;
                }
                ShadowMemory.unpoison(start + p * PAGE, runBytes(p, end));
                wrote = true;
            }
            p = end;
        }
        return wrote;
    }

    /** Unpoisons every page that is not yet. */
    void unpoisonAll() {
        touched = true;
        unpoisonPages(0, pages());
    }

    /**
     * Poisons the unpoisoned pages as freed ({@code kasan_poison_vmalloc}), one shadow write per run, and
     * withdraws the {@link CleanSpan} from the whole area, since the pages left alone are not written.
     */
    void poisonFreed() {
        CleanSpan.withdrawOverlapping(start, size);
        long pages = pages();
        for (long p = 0; p < pages;) {
            boolean done = isUnpoisoned(p);
            long end = runEnd(p, pages, done);
            if (done) {
                ShadowMemory.fill(start + p * PAGE, runBytes(p, end), ShadowBytes.VMALLOC_FREED);
            }
            p = end;
        }
    }

    /**
     * @return the end of the run of pages from {@code p}, at most {@code limit}, that are all unpoisoned or all
     *     not ({@code unpoisonedRun}); 64 pages no access reached (256 KiB) are passed over a word at a time
     */
    private long runEnd(long p, long limit, boolean unpoisonedRun) {
        long q = p;
        while (q < limit) {
            if (!unpoisonedRun && (q & 63) == 0 && unpoisoned[(int) (q >>> 6)] == 0) {
                q += 64;
            } else if (isUnpoisoned(q) == unpoisonedRun) {
                q++;
            } else {
                break;
            }
        }
        return Math.min(q, limit);
    }

    /** @return the requested bytes of pages {@code [from, to)}: the area's last page may hold fewer than a page */
    private long runBytes(long from, long to) {
        return Math.min(to * PAGE, size) - from * PAGE;
    }

    /**
     * @param p a page index, from the area's start
     * @return whether its shadow is unpoisoned
     */
    boolean isUnpoisoned(long p) {
        return (unpoisoned[(int) (p >>> 6)] & (1L << p)) != 0;
    }
}
