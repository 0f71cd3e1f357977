package io.jkasan.runtime.alloc;

import io.jkasan.runtime.depot.StackDepot;
import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.shadow.ShadowPages;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * The emulated x86-64 vmalloc space: page-granular areas with a guard page after each, lowest-address first
 * fit, lazy freeing with a purge threshold, and KASAN_VMALLOC shadow (Linux 5.5 {@code mm/vmalloc.c}
 * {@code alloc_vmap_area}, {@code free_vmap_area_noflush}, {@code __purge_vmap_area_lazy}).
 *
 * <p>One lock stands for the kernel's {@code vmap_area_lock} and {@code free_vmap_area_lock}: the busy map,
 * the free tree, the purge list and shadow population/release change together under it. Shadow
 * unpoisoning of a new area happens after the lock is dropped: the area is not yet published, and its
 * shadow pages cannot be released while it is busy.
 */
public final class VmallocSpace {
    /** Page size of the emulated space. */
    public static final long PAGE = ShadowMapping.PAGE_SIZE;

    /** Outcome of {@link #free}. */
    public enum FreeStatus {
        /** The area was live and is now on the purge list. */
        FREED,
        /** The address is the start of an area already on the purge list. */
        DOUBLE_FREE,
        /** The address is not the start of a live area. */
        INVALID_FREE
    }

    /**
     * Areas smaller than this (guard included) keep their physical pages at purge, data and shadow: first fit
     * hands their addresses out again soon, and a page fault cost about 7 µs on the machine
     * docs/performance.md measures, several times the whole alloc/free pair without it (an area of 100 pages
     * has 13 KiB of shadow over up to five shadow pages, and the page its user touches first). What stays
     * resident is bounded by the address space such areas have used, which first fit keeps low, as a malloc
     * arena keeps chunks below its {@code mmap} threshold; an area of 1 MiB or more gives its data pages back
     * and releases its shadow as the kernel's {@code vfree} and {@code kasan_release_vmalloc} do.
     */
    static final long KEEP_PAGES_BELOW_BYTES = 1024 * 1024;

    /**
     * A purge triggered by a free evicts the oldest areas until at most {@code lazyMax - lazyMax/8} bytes
     * wait, so that one purge (and its one free-tree merge and {@code madvise} per run) serves many frees.
     * ASan recycles its quarantine down to 90% of its size the same way ({@code sanitizer_quarantine.h}).
     */
    static final int EVICTION_SHIFT = 3;

    private final Object lock = new Object();
    private final FreeSpace free;
    private final TreeMap<Long, VmallocArea> busy = new TreeMap<>();
    private final TreeMap<Long, VmallocArea> purgeList = new TreeMap<>();
    /** The areas of {@link #purgeList} in the order they were freed, oldest first: the quarantine's queue. */
    private final ArrayDeque<VmallocArea> quarantine = new ArrayDeque<>();
    private final ShadowPages shadowPages;
    private final StackDepot depot;
    private final long spaceStart;
    private final long spaceEnd;
    /** Areas allocated so far; the last one's sequence number. */
    private long allocations;
    private volatile long lazyMax;
    private long lazyBytes;
    private long liveBytes;
    private long purges;
    private long purgedAreas;

    /**
     * @param start first address of the space (page aligned, inside the arena)
     * @param end end of the space
     * @param lazyMax freed bytes (pages without guards) the quarantine holds before the oldest are purged
     * @param shadowPages the shadow page tracker of the arena
     * @param depot where allocation and free stacks go
     */
    public VmallocSpace(long start, long end, long lazyMax, ShadowPages shadowPages, StackDepot depot) {
        this.free = new FreeSpace(start, end);
        this.spaceStart = start;
        this.spaceEnd = end;
        this.lazyMax = lazyMax;
        this.shadowPages = shadowPages;
        this.depot = depot;
    }

    /**
     * Allocates an area of {@code size} bytes, page-rounded and followed by a guard page, populates its
     * shadow and unpoisons exactly {@code size} bytes.
     *
     * @param size requested bytes, positive
     * @param align power-of-two alignment (at least a page is used)
     * @param kind what the area is for
     * @param callSite allocation call-site id, 0 if unknown
     * @return the new area
     * @throws OutOfMemoryError if the space is exhausted even after a purge
     */
    public VmallocArea allocate(long size, long align, VmallocArea.Kind kind, int callSite) {
        if (size <= 0) {
            throw new IllegalArgumentException("jkasan: area size must be positive: " + size);
        }
        if (Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("jkasan: alignment must be a power of two: " + align);
        }
        long limit = spaceEnd - spaceStart;
        if (size > limit - PAGE) {
            throw exhausted(size);
        }
        long vmSize = roundUpToPage(size) + PAGE;                // __get_vm_area_node adds the guard page
        StackRecord stack = depot.save();
        VmallocArea area;
        synchronized (lock) {
            long a = Math.max(align, PAGE);
            long start = free.allocate(vmSize, a);
            if (start < 0 && !purgeList.isEmpty()) {
                purgeLocked(true);                                // alloc_vmap_area's overflow path
                start = free.allocate(vmSize, a);
            }
            if (start < 0) {
                throw exhausted(size);
            }
            area = new VmallocArea(start, vmSize, size, kind, callSite, Thread.currentThread(), stack,
                    ++allocations);
            busy.put(start, area);
            shadowPages.populate(start, vmSize);                  // kasan_populate_vmalloc, guard included
            liveBytes += size;
        }
        ShadowMemory.unpoison(area.start(), size);                 // kasan_unpoison_vmalloc(requested size)
        return area;
    }

    private OutOfMemoryError exhausted(long size) {
        return new OutOfMemoryError("jkasan: vmalloc space exhausted: cannot allocate " + size
                + " bytes (arena " + (spaceEnd - spaceStart) + " bytes, " + liveBytes
                + " bytes live); raise the arena option, e.g. -javaagent:jkasan-agent.jar=arena=128g");
    }

    /**
     * Frees the area starting at {@code address}: poisons it and puts it on the purge list
     * ({@code free_vmap_area_noflush}). When more than {@code lazy_max} bytes wait, the oldest areas are
     * purged until {@code 7/8 lazy_max} wait: the purge list is a FIFO quarantine, as ASan's and KASAN's
     * ({@code mm/kasan/quarantine.c}) are, rather than the kernel's purge-everything {@code lazy_max_pages()},
     * so that every freed area stays poisoned through {@code 7/8 lazy_max} bytes of later frees, not through
     * anything between none and {@code lazy_max}. The bytes counted are an area's pages without its guard
     * page: what it holds while it waits ({@link #quarantineCost}).
     *
     * @param address the start of a live area
     * @return what happened; nothing changes for a double or invalid free
     */
    public FreeStatus free(long address) {
        return free(address, true);
    }

    /**
     * Frees an area that {@code allocateMemory} handed out, as {@link #free(long)} does; a thread stack, which
     * belongs to the stack cache, is refused as an invalid free. The refusal is decided under the same lock as
     * the free, so a {@code freeMemory} takes the lock once.
     *
     * @param address the start of a live area
     * @return what happened; nothing changes for a double or invalid free, or a thread stack
     */
    public FreeStatus freeAllocation(long address) {
        return free(address, false);
    }

    private FreeStatus free(long address, boolean threadStacks) {
        StackRecord stack = depot.save();
        synchronized (lock) {
            VmallocArea area = busy.get(address);
            if (area == null) {
                return purgeList.containsKey(address) ? FreeStatus.DOUBLE_FREE : FreeStatus.INVALID_FREE;
            }
            if (!threadStacks && area.kind() == VmallocArea.Kind.THREAD_STACK) {
                return FreeStatus.INVALID_FREE;
            }
            busy.remove(address);
            area.markFreed(Thread.currentThread(), stack);
            // kasan_poison_vmalloc poisons the area at free; jkasan marks the pages as freed (0xFF) rather
            // than VMALLOC_INVALID so that an access while the area waits reports use-after-free.
            ShadowMemory.fill(area.start(), area.vmSize() - PAGE, ShadowBytes.VMALLOC_FREED);
            purgeList.put(address, area);
            quarantine.addLast(area);
            lazyBytes += quarantineCost(area);
            liveBytes -= area.size();
            if (lazyBytes > lazyMax) {
                evictLocked(lazyMax - (lazyMax >>> EVICTION_SHIFT));
            }
            return FreeStatus.FREED;
        }
    }

    /**
     * What a freed area costs while it waits: the pages that back its requested bytes, which stay resident so
     * that a use-after-free read still sees the old bytes. Its guard page is address space only, never touched;
     * the shadow of both adds an eighth (docs/design.md, "The vmalloc space").
     *
     * @param area a freed area
     * @return its bytes in the quarantine's count
     */
    static long quarantineCost(VmallocArea area) {
        return area.vmSize() - PAGE;
    }

    /**
     * Purges the oldest waiting areas until at most {@code keep} bytes wait. The evicted areas are purged in
     * address order, so adjacent ones still merge into one run.
     */
    private void evictLocked(long keep) {
        VmallocArea[] evicted = new VmallocArea[quarantine.size()];
        int n = 0;
        while (lazyBytes > keep && !quarantine.isEmpty()) {
            VmallocArea oldest = quarantine.pollFirst();
            purgeList.remove(oldest.start());
            lazyBytes -= quarantineCost(oldest);
            evicted[n++] = oldest;
        }
        Arrays.sort(evicted, 0, n, BY_ADDRESS);
        purgeAreasLocked(Arrays.asList(evicted).subList(0, n), false);
    }

    /** Orders areas by start address; a named class because the runtime avoids lambdas. */
    private static final Comparator<VmallocArea> BY_ADDRESS = new Comparator<VmallocArea>() {
        @Override
        public int compare(VmallocArea a, VmallocArea b) {
            return Long.compareUnsigned(a.start(), b.start());
        }
    };

    /**
     * Purges every lazily freed area now ({@code purge_vmap_area_lazy}) and returns the physical pages of
     * all free space to the OS, including the data and shadow pages earlier purges kept.
     */
    public void purge() {
        synchronized (lock) {
            if (!purgeList.isEmpty()) {
                purgeLocked(true);
            }
            free.forEach(DISCARD);
        }
    }

    /**
     * Gives a free block's pages back, and the shadow pages of the 32 KiB windows wholly inside it, which
     * purges of areas under {@link #KEEP_PAGES_BELOW_BYTES} kept (free space reads VMALLOC_INVALID either
     * way); untouched ranges cost the kernel a page-table walk only.
     */
    private static final LongBinaryOperator DISCARD = new LongBinaryOperator() {
        @Override
        public long applyAsLong(long start, long end) {
            ShadowMapping.BACKEND.discard(start, end - start);
            long window = ShadowMapping.SHADOW_PAGE_COVERAGE;
            long first = alignUp(start, window);
            long last = alignDown(end, window);
            if (last > first) {
                long shadow = ShadowMapping.memToShadow(first);
                ShadowMapping.BACKEND.discard(shadow, ShadowMapping.memToShadow(last) - shadow);
            }
            return 0;
        }
    };

    /** Purges every area on the list, whatever its age ({@code __purge_vmap_area_lazy}). */
    private void purgeLocked(boolean discardAll) {
        purgeAreasLocked(purgeList.values(), discardAll);
        purgeList.clear();
        quarantine.clear();
        lazyBytes = 0;
    }

    /**
     * Purges the given areas, which have left the purge list. Runs of adjacent areas are purged as one range,
     * so each run costs one merge and one shadow release instead of one per area.
     *
     * <p>Physical pages: areas of at least {@link #KEEP_PAGES_BELOW_BYTES} give their pages back to the OS
     * ({@code madvise(MADV_DONTNEED)}); smaller ones keep them, so the next area placed there (first fit
     * hands out the lowest free address, so that is soon) starts without page faults, as a malloc arena
     * keeps small chunks. Measured on the test_vmalloc port: one-page areas cost 3.8 µs per alloc/free
     * pair with every page discarded and 1.1 µs with their pages kept, areas of 1–100 pages 25.5 µs with
     * the pages of those of 64 KiB or more discarded and 12.1 µs with them kept (docs/performance.md). Shadow
     * pages follow the same rule: runs of areas under {@link #KEEP_PAGES_BELOW_BYTES} keep theirs
     * ({@link #purgeRun}). A
     * purge forced by an allocation that does not fit discards all purged areas and releases their shadow,
     * and an explicit {@link #purge()} all free space.
     */
    private void purgeAreasLocked(Iterable<VmallocArea> byAddress, boolean discardAll) {
        long runStart = -1;
        long runEnd = -1;
        boolean runReleasesShadow = false;
        long discardStart = -1;
        long discardEnd = -1;
        for (VmallocArea area : byAddress) {
            if (area.start() != runEnd) {
                if (runStart >= 0) {
                    purgeRun(runStart, runEnd, runReleasesShadow);
                }
                runStart = area.start();
                runReleasesShadow = false;
            }
            runEnd = area.end();
            if (discardAll || area.vmSize() >= KEEP_PAGES_BELOW_BYTES) {
                runReleasesShadow = true;
                if (area.start() != discardEnd) {
                    if (discardStart >= 0) {
                        ShadowMapping.BACKEND.discard(discardStart, discardEnd - discardStart);
                    }
                    discardStart = area.start();
                }
                discardEnd = area.end();
            }
            purgedAreas++;
        }
        if (runStart >= 0) {
            purgeRun(runStart, runEnd, runReleasesShadow);
        }
        if (discardStart >= 0) {
            ShadowMapping.BACKEND.discard(discardStart, discardEnd - discardStart);
        }
        purges++;
    }

    /**
     * Returns {@code [start, end)}, a run of freed areas, to the free space ({@code __purge_vmap_area_lazy}).
     *
     * <p>When the run releases its shadow, every shadow page wholly inside the merged free region is released
     * by {@link ShadowPages#release} and reads back as VMALLOC_INVALID; only the partly covered 32 KiB windows
     * at the run's two edges keep their pages, so only those are re-poisoned, which keeps the purge's shadow
     * writes bounded whatever the run's size. A run of areas under {@link #KEEP_PAGES_BELOW_BYTES} keeps
     * its shadow pages resident instead: its whole shadow is re-poisoned (an eighth of the run) and the pages
     * leave the population count without an {@code madvise}, so the next area placed there takes no page
     * fault on its shadow (docs/performance.md, "Cheaper allocation and free" and "Resident shadow for
     * areas under 1 MiB").
     */
    private void purgeRun(long start, long end, boolean releaseShadow) {
        if (releaseShadow) {
            long window = ShadowMapping.SHADOW_PAGE_COVERAGE;
            long headEnd = Math.min(end, alignUp(start, window));
            ShadowMemory.fill(start, headEnd - start, ShadowBytes.VMALLOC_INVALID);
            long tailStart = Math.max(headEnd, alignDown(end, window));
            ShadowMemory.fill(tailStart, end - tailStart, ShadowBytes.VMALLOC_INVALID);
        } else {
            ShadowMemory.fill(start, end - start, ShadowBytes.VMALLOC_INVALID);
        }
        long[] merged = free.free(start, end);                                   // merge_or_add_vmap_area
        shadowPages.release(start, end, merged[0], merged[1], releaseShadow);   // kasan_release_vmalloc
    }

    private static long alignUp(long a, long to) {
        return ShadowMapping.ARENA_START + ((a - ShadowMapping.ARENA_START + to - 1) & -to);
    }

    private static long alignDown(long a, long to) {
        return ShadowMapping.ARENA_START + ((a - ShadowMapping.ARENA_START) & -to);
    }

    /**
     * Finds the live or lazily freed area whose mapping ({@code [start, start + vmSize)}, guard included)
     * contains {@code address}.
     *
     * @param address any address
     * @return the area, or {@code null}
     */
    public VmallocArea areaContaining(long address) {
        synchronized (lock) {
            VmallocArea a = containing(busy, address);
            return a != null ? a : containing(purgeList, address);
        }
    }

    /**
     * Finds the area that begins at or after {@code address}, within {@code distance} bytes.
     *
     * @param address any address
     * @param distance how far to look
     * @return the area, or {@code null}
     */
    public VmallocArea areaAbove(long address, long distance) {
        synchronized (lock) {
            Map.Entry<Long, VmallocArea> b = busy.ceilingEntry(address);
            Map.Entry<Long, VmallocArea> l = purgeList.ceilingEntry(address);
            VmallocArea best = b == null ? null : b.getValue();
            if (l != null && (best == null || l.getKey() < best.start())) {
                best = l.getValue();
            }
            return best != null && best.start() - address <= distance ? best : null;
        }
    }

    private static VmallocArea containing(TreeMap<Long, VmallocArea> map, long address) {
        Map.Entry<Long, VmallocArea> e = map.floorEntry(address);
        if (e == null) {
            return null;
        }
        VmallocArea a = e.getValue();
        return address - a.start() < a.vmSize() ? a : null;
    }

    /**
     * @param address a start address
     * @return the live area starting there, or {@code null}
     */
    public VmallocArea liveAreaAt(long address) {
        synchronized (lock) {
            return busy.get(address);
        }
    }

    /**
     * @return how many areas were allocated so far: every area's {@link VmallocArea#sequence()} is at most
     *     this, and areas allocated later have larger ones (a mark for leak checks between two points)
     */
    public long allocationCount() {
        synchronized (lock) {
            return allocations;
        }
    }

    /** @return the live areas, lowest address first */
    public List<VmallocArea> liveAreas() {
        synchronized (lock) {
            return new ArrayList<>(busy.values());
        }
    }

    /**
     * Changes the purge threshold (tests and benchmarks).
     *
     * @param bytes the new {@code lazy_max}
     */
    public void setLazyMax(long bytes) {
        this.lazyMax = bytes;
    }

    /** @return the current statistics */
    public Stats stats() {
        synchronized (lock) {
            return new Stats(busy.size(), liveBytes, purgeList.size(), lazyBytes, purges, purgedAreas,
                    shadowPages.count(), free.freeBytes(), free.blocks(), lazyMax);
        }
    }

    /** @return the first address of the space */
    public long start() {
        return spaceStart;
    }

    /** @return the end of the space */
    public long end() {
        return spaceEnd;
    }

    /**
     * @param size bytes
     * @return {@code size} rounded up to a page
     */
    public static long roundUpToPage(long size) {
        return (size + PAGE - 1) & -PAGE;
    }

    /** A snapshot of the space's counters. */
    public static final class Stats {
        /** Live areas. */
        public final long liveAreas;
        /** Requested bytes of live areas. */
        public final long liveBytes;
        /** Areas on the purge list. */
        public final long lazyAreas;
        /** Bytes on the purge list: each area's pages without its guard page ({@link #quarantineCost}). */
        public final long lazyBytes;
        /** Purges so far. */
        public final long purges;
        /** Areas purged so far. */
        public final long purgedAreas;
        /** Populated shadow pages ({@code vmalloc_shadow_pages}). */
        public final long shadowPages;
        /** Free bytes of the space. */
        public final long freeBytes;
        /** Free blocks of the space. */
        public final long freeBlocks;
        /** The purge threshold. */
        public final long lazyMax;

        Stats(long liveAreas, long liveBytes, long lazyAreas, long lazyBytes, long purges, long purgedAreas,
                long shadowPages, long freeBytes, long freeBlocks, long lazyMax) {
            this.liveAreas = liveAreas;
            this.liveBytes = liveBytes;
            this.lazyAreas = lazyAreas;
            this.lazyBytes = lazyBytes;
            this.purges = purges;
            this.purgedAreas = purgedAreas;
            this.shadowPages = shadowPages;
            this.freeBytes = freeBytes;
            this.freeBlocks = freeBlocks;
            this.lazyMax = lazyMax;
        }
    }
}
