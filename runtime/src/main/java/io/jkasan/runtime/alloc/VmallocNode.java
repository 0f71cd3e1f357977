package io.jkasan.runtime.alloc;

import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.shadow.ShadowPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;
import jdk.internal.vm.annotation.Contended;

/**
 * One zone of the vmalloc space with its own lock: the free tree, the busy map and the waiting (freed, not yet
 * purged) areas whose addresses lie in {@code [start, end)}. Later kernels split {@code vmap_area_lock} the same way,
 * into per-CPU {@code vmap_node}s with their own busy and lazy trees (Linux 6.9, {@code mm/vmalloc.c}), so that
 * threads allocating at once do not queue on one lock or pull the same tree between their cores.
 *
 * <p>Zones are whole 32 KiB shadow windows, so no shadow page is shared by two nodes and every purge's
 * {@link ShadowPages#release} decision sees the whole free region around it. The caller holds the node's lock
 * around every method whose name ends in {@code Locked}.
 *
 * <p>Padded ({@link Contended}): the thread working in its node writes it on every allocation or free, and it
 * must share no cache line with the other nodes' state (docs/design.md, "Padded allocator state").
 */
@Contended
final class VmallocNode {
    private final NodeLock lock = new NodeLock();
    private final long start;
    private final long end;
    private final FreeSpace free;
    private final TreeMap<Long, VmallocArea> busy = new TreeMap<>();
    /**
     * The live area with a {@link LazyShadow} this node allocated last, or {@code null}: a large area's first
     * access usually comes right after its allocation, and this answers it without the busy map's lookup.
     */
    private VmallocArea lastLazy;
    /** Freed areas not purged yet: what {@link #areaContainingLocked} and a double free find. */
    private final WaitingAreas waiting = new WaitingAreas();
    /** Areas freed here, not yet in the quarantine. */
    private final FreedBatch batch = new FreedBatch();
    private final ShadowPages shadowPages;
    /**
     * Areas of this zone that a thread allocating in another node took out of the quarantine: the next thread
     * that takes this node's lock purges them, so no thread holds another node's lock through a purge (a
     * thread that found its node's lock held would move to another node). Guarded by itself.
     */
    private final List<List<VmallocArea>> deferred = new ArrayList<>();
    private volatile boolean hasDeferred;
    private final PageKeeping pageKeeping = new PageKeeping();
    /** The space's numbering of areas in allocation order, and this node's block of it. */
    private final AllocationOrder order;
    private final AllocationOrder.Block numbers = new AllocationOrder.Block();
    private long liveBytes;
    private long purgedAreas;

    /**
     * @param start first address of the zone
     * @param end end of the zone
     * @param shadowPages the arena's shadow page tracker
     * @param order the space's numbering of areas
     */
    VmallocNode(long start, long end, ShadowPages shadowPages, AllocationOrder order) {
        this.start = start;
        this.end = end;
        this.free = new FreeSpace(start, end);
        this.shadowPages = shadowPages;
        this.order = order;
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /**
     * Places an area in the lowest free block that fits ({@code alloc_vmap_area}) and populates its shadow,
     * guard included ({@code kasan_populate_vmalloc}); the caller unpoisons it after dropping the lock.
     *
     * @return the area, or {@code null} if no free block of this zone fits
     */
    VmallocArea allocateLocked(long vmSize, long align, long size, VmallocArea.Kind kind, int callSite,
            StackRecord stack) {
        long at = free.allocate(vmSize, align);
        if (at < 0) {
            return null;
        }
        VmallocArea area = new VmallocArea(at, vmSize, size, kind, callSite, Thread.currentThread(), stack,
                order.next(numbers));
        busy.put(at, area);
        if (area.lazyShadow() != null) {
            lastLazy = area;
        }
        shadowPages.populate(at, vmSize);
        liveBytes += size;
        return area;
    }

    /**
     * Ends this node's block of numbers, so its next area is numbered above every number handed out so far.
     *
     * @return how many areas this node has allocated
     */
    long closeNumbersLocked() {
        numbers.close();
        return numbers.count();
    }

    /**
     * Takes a live area off the busy map, poisons it and adds it to the waiting areas
     * ({@code free_vmap_area_noflush}).
     *
     * @param threadStacks whether a thread stack may be freed this way
     * @return the freed area, or {@code null} with nothing changed if the address does not start a live area
     *     that may be freed here ({@link #waitingLocked} then tells a double free from an invalid one)
     */
    VmallocArea freeLocked(long address, boolean threadStacks, StackRecord stack) {
        VmallocArea area = busy.get(address);
        if (area == null || !threadStacks && area.kind() == VmallocArea.Kind.THREAD_STACK) {
            return null;
        }
        busy.remove(address);
        if (area == lastLazy) {
            lastLazy = null;
        }
        area.markFreed(Thread.currentThread(), stack);
        // kasan_poison_vmalloc poisons the area at free. Only the granules the allocation unpoisoned change
        // (the rest of its pages is poisoned already), and of a large area only the chunks accesses unpoisoned;
        // which poisoned granules belong to a freed area, and so report use-after-free, reports learn from the
        // waiting areas, not from the value (docs/design.md).
        LazyShadow lazy = area.lazyShadow();
        if (lazy != null) {
            lazy.poisonFreed();
        } else {
            ShadowMemory.fill(area.start(), area.size(), ShadowBytes.VMALLOC_FREED);
        }
        waiting.add(area);
        liveBytes -= area.size();
        return area;
    }

    /**
     * Puts an area {@link #freeLocked} just freed in this node's batch.
     *
     * @param area the area
     * @param lazyMax the quarantine's size in bytes
     * @return the batch to queue in the quarantine now, or {@code null} while it fills
     */
    QueuedBatch batchLocked(VmallocArea area, long lazyMax) {
        VmallocArea[] full = batch.add(area, lazyMax);
        return full == null ? null : new QueuedBatch(this, full);
    }

    /** @return every area of this node's batch, oldest first; the batch is then empty */
    VmallocArea[] takeBatchLocked() {
        return batch.takeAll();
    }

    /** @return the areas in this node's batch */
    int batchedAreasLocked() {
        return batch.count();
    }

    /** @return their bytes, as the quarantine counts them */
    long batchedBytesLocked() {
        return batch.bytes();
    }

    /** @return whether a freed area that is not purged yet starts at {@code address} */
    boolean waitingLocked(long address) {
        return waiting.startingAt(address) != null;
    }

    /**
     * Purges the given areas of this zone, which have left the quarantine, in address order. Runs of adjacent
     * areas are purged as one range, so each run costs one merge and one shadow release instead of one per
     * area.
     *
     * <p>Physical pages: areas at or above this node's {@link PageKeeping} threshold give their pages back
     * to the OS ({@code madvise(MADV_DONTNEED)}) and raise it; smaller ones keep them, so the next area placed
     * there (first fit hands out the lowest free address, so that is soon) starts without page faults, as a
     * malloc arena keeps small chunks. Measured on the test_vmalloc port: one-page areas cost 3.8 µs per
     * alloc/free pair with every page discarded and 1.1 µs with their pages kept, areas of 1–100 pages 25.5 µs with
     * the pages of those of 64 KiB or more discarded and 12.1 µs with them kept (docs/performance.md). Shadow
     * pages follow the same rule: runs of areas that keep their pages keep their shadow
     * ({@link #purgeRun}). A purge forced by an allocation that does not fit discards all purged areas and
     * releases their shadow, and an explicit purge all free space.
     *
     * @param byAddress areas of this zone, lowest address first
     * @param from first index to purge
     * @param to end index
     * @param discardAll whether every purged area gives its pages back whatever its size
     */
    void purgeLocked(List<VmallocArea> byAddress, int from, int to, boolean discardAll) {
        purgedAreas += to - from;
        long runStart = -1;
        long runEnd = -1;
        boolean runReleasesShadow = false;
        long discardStart = -1;
        long discardEnd = -1;
        for (int i = from; i < to; i++) {
            VmallocArea area = byAddress.get(i);
            waiting.remove(area);
            if (area.start() != runEnd) {
                if (runStart >= 0) {
                    purgeRun(runStart, runEnd, runReleasesShadow);
                }
                runStart = area.start();
                runReleasesShadow = false;
            }
            runEnd = area.end();
            if (discardAll || pageKeeping.givesBack(area.vmSize())) {       // a forced purge raises nothing
                runReleasesShadow = true;
                if (area.start() != discardEnd) {
                    if (discardStart >= 0) {
                        ShadowMapping.BACKEND.discard(discardStart, discardEnd - discardStart);
                    }
                    discardStart = area.start();
                }
                discardEnd = area.end();
            }
        }
        if (runStart >= 0) {
            purgeRun(runStart, runEnd, runReleasesShadow);
        }
        if (discardStart >= 0) {
            ShadowMapping.BACKEND.discard(discardStart, discardEnd - discardStart);
        }
    }

    /**
     * Returns {@code [start, end)}, a run of freed areas, to the free space ({@code __purge_vmap_area_lazy}).
     *
     * <p>No shadow is written: the run's shadow is poisoned as its frees left it, which is all free space
     * needs (reports read those marks as VMALLOC_INVALID once the areas have left the waiting ones, see
     * {@code AreaPoison}). When the run releases its shadow, every shadow page wholly inside the merged free
     * region is released by {@link ShadowPages#release} and reads back as VMALLOC_INVALID; the partly covered
     * 32 KiB windows at its two edges keep their pages. A run of areas that keep their pages
     * ({@link PageKeeping}) keeps its shadow pages resident instead: they leave the population count without
     * an {@code madvise}, so the next area placed there takes no page fault on its shadow (docs/performance.md,
     * "Cheaper allocation and free", "Resident shadow for areas under 1 MiB" and "No shadow rewritten at
     * purge, and a fresh throwable per stack").
     */
    private void purgeRun(long runStart, long runEnd, boolean releaseShadow) {
        long[] merged = free.free(runStart, runEnd);                                    // merge_or_add_vmap_area
        shadowPages.release(runStart, runEnd, merged[0], merged[1], releaseShadow);   // kasan_release_vmalloc
    }

    /**
     * Leaves evicted areas of this zone to be purged by the next thread that takes this node's lock; until
     * then they stay poisoned as freed areas and are still found by {@link #areaContainingLocked}. That thread
     * sorts them, so the one that evicted them never reads another node's area records.
     *
     * @param areas areas of this zone, in any order
     */
    void defer(List<VmallocArea> areas) {
        synchronized (deferred) {
            deferred.add(areas);
            hasDeferred = true;
        }
    }

    /**
     * Purges what other threads left with {@link #defer}; one volatile read when there is nothing.
     *
     * @param discardAll whether every purged area gives its pages back whatever its size
     */
    void purgeDeferredLocked(boolean discardAll) {
        if (!hasDeferred) {
            return;
        }
        List<List<VmallocArea>> taken;
        synchronized (deferred) {
            taken = new ArrayList<>(deferred);
            deferred.clear();
            hasDeferred = false;
        }
        List<VmallocArea> byAddress = new ArrayList<>();
        for (List<VmallocArea> areas : taken) {
            byAddress.addAll(areas);
        }
        byAddress.sort(Quarantine.BY_ADDRESS);
        purgeLocked(byAddress, 0, byAddress.size(), discardAll);
    }

    /** Gives back the pages of every free block, and the shadow pages purges of small areas kept. */
    void discardFreeLocked() {
        free.forEach(DISCARD);
    }

    /**
     * Gives a free block's pages back, and the shadow pages of the 32 KiB windows wholly inside it, which
     * purges of areas that keep their pages kept (free space reads VMALLOC_INVALID either way); untouched
     * ranges cost the kernel a page-table walk only.
     */
    private static final LongBinaryOperator DISCARD = new LongBinaryOperator() {
        @Override
        public long applyAsLong(long blockStart, long blockEnd) {
            ShadowMapping.BACKEND.discard(blockStart, blockEnd - blockStart);
            long window = ShadowMapping.SHADOW_PAGE_COVERAGE;
            long first = alignUp(blockStart, window);
            long last = alignDown(blockEnd, window);
            if (last > first) {
                long shadow = ShadowMapping.memToShadow(first);
                ShadowMapping.BACKEND.discard(shadow, ShadowMapping.memToShadow(last) - shadow);
            }
            return 0;
        }
    };

    static long alignUp(long a, long to) {
        return ShadowMapping.ARENA_START + ((a - ShadowMapping.ARENA_START + to - 1) & -to);
    }

    static long alignDown(long a, long to) {
        return ShadowMapping.ARENA_START + ((a - ShadowMapping.ARENA_START) & -to);
    }

    /** @return the live or waiting area whose mapping (guard included) contains {@code address}, or null */
    VmallocArea areaContainingLocked(long address) {
        VmallocArea a = liveAreaContainingLocked(address);
        return a != null ? a : waiting.containing(address);
    }

    /**
     * @param address any address
     * @return the live area whose mapping (guard included) contains {@code address}, or null; the large area
     *     allocated last is asked before the busy map
     */
    VmallocArea liveAreaContainingLocked(long address) {
        VmallocArea last = lastLazy;
        if (last != null && Long.compareUnsigned(address - last.start(), last.vmSize()) < 0) {
            return last;
        }
        Map.Entry<Long, VmallocArea> e = busy.floorEntry(address);
        if (e == null) {
            return null;
        }
        VmallocArea a = e.getValue();
        return address - a.start() < a.vmSize() ? a : null;
    }

    /** Adds the waiting areas whose mappings overlap {@code [from, to)} to {@code into}. */
    void waitingOverlappingLocked(long from, long to, List<VmallocArea> into) {
        waiting.overlapping(from, to, into);
    }

    /** @return the live or waiting area that starts lowest at or after {@code address}, or null */
    VmallocArea areaAtOrAboveLocked(long address) {
        Map.Entry<Long, VmallocArea> b = busy.ceilingEntry(address);
        VmallocArea best = b == null ? null : b.getValue();
        VmallocArea w = waiting.lowestAtOrAbove(address);
        return w != null && (best == null || w.start() < best.start()) ? w : best;
    }

    /** @return the live area starting at {@code address}, or null */
    VmallocArea liveAreaAtLocked(long address) {
        return busy.get(address);
    }

    /** Adds this zone's live areas, lowest address first. */
    void liveAreasLocked(List<VmallocArea> into) {
        into.addAll(busy.values());
    }

    int liveAreaCountLocked() {
        return busy.size();
    }

    long liveBytesLocked() {
        return liveBytes;
    }

    long purgedAreasLocked() {
        return purgedAreas;
    }

    long freeBytesLocked() {
        return free.freeBytes();
    }

    int freeBlocksLocked() {
        return free.blocks();
    }
}
