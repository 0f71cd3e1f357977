package io.jkasan.runtime.alloc;

import io.jkasan.runtime.depot.StackCapture;
import io.jkasan.runtime.depot.StackDepot;
import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.shadow.ShadowPages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated x86-64 vmalloc space: page-granular areas with a guard page after each, lowest-address first
 * fit, lazy freeing with a purge threshold, and KASAN_VMALLOC shadow (Linux 5.5 {@code mm/vmalloc.c}
 * {@code alloc_vmap_area}, {@code free_vmap_area_noflush}, {@code __purge_vmap_area_lazy}).
 *
 * <p>The space is split into {@link VmallocNode}s, address zones with a lock each that stands for the
 * kernel's {@code vmap_area_lock} and {@code free_vmap_area_lock} over that zone, as Linux 6.9 split the
 * busy and lazy trees into per-CPU {@code vmap_node}s. A thread allocates in the node it used last; when
 * that node's lock is held it moves on to the next one and stays there, as a glibc thread whose arena is busy
 * moves to another
 * ({@code arena_get2}, {@code reused_arena}). So one thread, or threads that do not collide, always allocate in
 * the first node, lowest address first, and two threads allocating at once soon work in two zones that share
 * no lock or tree, and, since each node's state is padded ({@link VmallocNode}), no cache line. An area is
 * freed, looked up and purged in the node its address lies in. The freed areas of all nodes wait in one
 * {@link Quarantine}. Stack capture happens before any lock is taken, and
 * unpoisoning of a new area after its node's lock is dropped: the area is not yet published, and its shadow
 * pages cannot be released while it is busy.
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
     * The smallest zone a node gets: a node bounds the largest area it can hold, so a space gets fewer nodes
     * than there are processors when it is small (with {@code arena=4g} or less, one node, as before nodes).
     */
    static final long MIN_NODE_BYTES = 4L << 30;

    private final VmallocNode[] nodes;
    /** Node {@code k > 0} starts at {@code zoneBase + k * zoneSize}; node 0 at the space's start. */
    private final long zoneBase;
    private final long zoneSize;
    private final Quarantine quarantine;
    private final StackDepot depot;
    private final ShadowPages shadowPages;
    private final long spaceStart;
    private final long spaceEnd;
    /** Per thread: the node it allocates in. */
    private final ThreadLocal<NodeChoice> choice = new ThreadLocal<NodeChoice>() {
        @Override
        protected NodeChoice initialValue() {
            return new NodeChoice();
        }
    };
    /** Numbers areas in allocation order, each node from blocks of its own. */
    private final AllocationOrder order = new AllocationOrder();
    private final AtomicLong purges = new AtomicLong();

    /**
     * A space of one node.
     *
     * @param start first address of the space (page aligned, inside the arena)
     * @param end end of the space
     * @param lazyMax freed bytes (pages without guards) the quarantine holds before the oldest are purged
     * @param shadowPages the shadow page tracker of the arena
     * @param depot where allocation and free stacks go
     */
    public VmallocSpace(long start, long end, long lazyMax, ShadowPages shadowPages, StackDepot depot) {
        this(start, end, lazyMax, shadowPages, depot, 1);
    }

    /**
     * @param start first address of the space (page aligned, inside the arena)
     * @param end end of the space
     * @param lazyMax freed bytes (pages without guards) the quarantine holds before the oldest are purged
     * @param shadowPages the shadow page tracker of the arena
     * @param depot where allocation and free stacks go
     * @param nodeCount how many nodes to split the space into, at least 1 ({@link #nodeCountFor})
     */
    public VmallocSpace(long start, long end, long lazyMax, ShadowPages shadowPages, StackDepot depot,
            int nodeCount) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("jkasan: a vmalloc space needs at least one node: " + nodeCount);
        }
        long window = ShadowMapping.SHADOW_PAGE_COVERAGE;
        this.spaceStart = start;
        this.spaceEnd = end;
        this.zoneBase = VmallocNode.alignDown(start, window);
        this.zoneSize = nodeCount == 1 ? end - zoneBase : ((end - zoneBase) / nodeCount) & -window;
        if (zoneSize <= PAGE * 2) {
            throw new IllegalArgumentException("jkasan: " + nodeCount + " nodes do not fit in a vmalloc space of "
                    + (end - start) + " bytes");
        }
        this.nodes = new VmallocNode[nodeCount];
        for (int k = 0; k < nodeCount; k++) {
            long from = k == 0 ? start : zoneBase + k * zoneSize;
            long to = k == nodeCount - 1 ? end : zoneBase + (k + 1) * zoneSize;
            nodes[k] = new VmallocNode(from, to, shadowPages, order);
        }
        this.quarantine = new Quarantine(lazyMax);
        this.shadowPages = shadowPages;
        this.depot = depot;
    }

    /**
     * How many nodes a space gets: one per processor, as the kernel's {@code nr_vmap_nodes}, but none smaller
     * than {@link #MIN_NODE_BYTES}.
     *
     * @param spaceBytes size of the space
     * @param processors available processors
     * @return the node count, at least 1
     */
    public static int nodeCountFor(long spaceBytes, int processors) {
        long bySize = spaceBytes / MIN_NODE_BYTES;
        return (int) Math.max(1, Math.min(processors, bySize));
    }

    /** @return how many nodes the space is split into */
    public int nodeCount() {
        return nodes.length;
    }

    /** @return node {@code k}, lowest zone first (tests hold its lock to make a thread move on) */
    VmallocNode node(int k) {
        return nodes[k];
    }

    /**
     * Allocates an area of {@code size} bytes, page-rounded and followed by a guard page, populates its
     * shadow and unpoisons exactly {@code size} bytes. The calling thread's node is tried first, then the
     * others in turn; when none has room, everything waiting in the quarantine is purged and all are tried
     * again ({@code alloc_vmap_area}'s overflow path).
     *
     * @param size requested bytes, positive
     * @param align power-of-two alignment (at least a page is used)
     * @param kind what the area is for
     * @param callSite allocation call-site id, 0 if unknown
     * @return the new area
     * @throws OutOfMemoryError if the space is exhausted even after a purge
     */
    public VmallocArea allocate(long size, long align, VmallocArea.Kind kind, int callSite) {
        return allocate(size, align, kind, callSite, captureHere());
    }

    /**
     * {@link #allocate(long, long, VmallocArea.Kind, int)} with the allocation stack captured by the caller, at
     * its entry point, so that the JVM's walk of it leaves out the frames in between.
     *
     * @param size requested bytes, positive
     * @param align power-of-two alignment (at least a page is used)
     * @param kind what the area is for
     * @param callSite allocation call-site id, 0 if unknown
     * @param capture the allocation stack, or {@code null} when the depot does not record stacks
     * @return the new area
     * @throws OutOfMemoryError if the space is exhausted even after a purge
     */
    public VmallocArea allocate(long size, long align, VmallocArea.Kind kind, int callSite, StackCapture capture) {
        if (size <= 0) {
            throw new IllegalArgumentException("jkasan: area size must be positive: " + size);
        }
        if (Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("jkasan: alignment must be a power of two: " + align);
        }
        if (size > zoneSize - PAGE * 2) {
            throw exhausted(size);
        }
        long vmSize = roundUpToPage(size) + PAGE;                // __get_vm_area_node adds the guard page
        long a = Math.max(align, PAGE);
        StackRecord stack = depot.save(capture);
        NodeChoice mine = choice.get();
        VmallocNode node = nodes[mine.index];
        if (!node.tryLock()) {
            mine.index = (mine.index + 1) % nodes.length;        // reused_arena: take the next one
            node = nodes[mine.index];
            node.lock();
        }
        VmallocArea area = allocateAndUnlock(node, vmSize, a, size, kind, callSite, stack);
        if (area == null) {
            area = allocateInOtherNodes(mine.index, vmSize, a, size, kind, callSite, stack);
            if (area == null) {
                purgeAll();                                              // alloc_vmap_area's overflow path
                area = allocateInOtherNodes(-1, vmSize, a, size, kind, callSite, stack);
            }
            if (area == null) {
                throw exhausted(size);
            }
        }
        if (area.lazyShadow() == null) {
            ShadowMemory.unpoison(area.start(), size);             // kasan_unpoison_vmalloc(requested size)
        }                                                          // else where accesses first reach it
        area.markUnpoisoned();
        return area;
    }

    private VmallocArea allocateInOtherNodes(int tried, long vmSize, long align, long size, VmallocArea.Kind kind,
            int callSite, StackRecord stack) {
        for (int k = 0; k < nodes.length; k++) {
            if (k == tried) {
                continue;
            }
            VmallocNode node = nodes[k];
            node.lock();
            VmallocArea area = allocateAndUnlock(node, vmSize, align, size, kind, callSite, stack);
            if (area != null) {
                return area;
            }
        }
        return null;
    }

    /**
     * Purges what other threads left to a node the caller has locked, places the area there, and unlocks it.
     *
     * @return the area, or {@code null} if the node has no room
     */
    private static VmallocArea allocateAndUnlock(VmallocNode node, long vmSize, long align, long size,
            VmallocArea.Kind kind, int callSite, StackRecord stack) {
        try {
            node.purgeDeferredLocked(false);
            return node.allocateLocked(vmSize, align, size, kind, callSite, stack);
        } finally {
            node.unlock();
        }
    }

    private OutOfMemoryError exhausted(long size) {
        return new OutOfMemoryError("jkasan: vmalloc space exhausted: cannot allocate " + size
                + " bytes (arena " + (spaceEnd - spaceStart) + " bytes in " + nodes.length + " node(s) of at most "
                + zoneSize + " bytes, " + stats().liveBytes
                + " bytes live); raise the arena option, e.g. -javaagent:jkasan-agent.jar=arena=128g");
    }

    /**
     * Frees the area starting at {@code address}: poisons it and puts it in the quarantine
     * ({@code free_vmap_area_noflush}). When more than {@code lazy_max} bytes wait, the oldest areas are
     * purged until {@code 7/8 lazy_max} wait: the purge list is a FIFO quarantine, as ASan's and KASAN's
     * ({@code mm/kasan/quarantine.c}) are, rather than the kernel's purge-everything {@code lazy_max_pages()},
     * so that every freed area stays poisoned through {@code 7/8 lazy_max} bytes of later frees, less one
     * batch, not through anything between none and {@code lazy_max}. The bytes counted are an area's pages
     * without its guard page: what it holds while it waits ({@link Quarantine#cost}). A node's frees reach the
     * quarantine, and leave it, in batches of up to 1 MiB ({@link FreedBatch}, {@link QueuedBatch}), as KASAN's
     * per-CPU lists reach its global one.
     *
     * @param address the start of a live area
     * @return what happened; nothing changes for a double or invalid free
     */
    public FreeStatus free(long address) {
        return free(address, true, captureHere());
    }

    /**
     * Frees an area that {@code allocateMemory} handed out, as {@link #free(long)} does; a thread stack, which
     * belongs to the stack cache, is refused as an invalid free. The refusal is decided under the same lock as
     * the free, so a {@code freeMemory} takes its node's lock once.
     *
     * @param address the start of a live area
     * @return what happened; nothing changes for a double or invalid free, or a thread stack
     */
    public FreeStatus freeAllocation(long address) {
        return free(address, false, captureHere());
    }

    /**
     * {@link #freeAllocation(long)} with the free stack captured by the caller, at its entry point, so that the
     * JVM's walk of it leaves out the frames in between.
     *
     * @param address the start of a live area
     * @param capture the free stack, or {@code null} when the depot does not record stacks
     * @return what happened; nothing changes for a double or invalid free, or a thread stack
     */
    public FreeStatus freeAllocation(long address, StackCapture capture) {
        return free(address, false, capture);
    }

    /**
     * The stack of an allocation or free whose caller brought none (thread stacks, the runtime's own tests),
     * captured here; the walk then includes this space's frames, which reports leave out.
     */
    private StackCapture captureHere() {
        return depot.records() ? new StackCapture() : null;
    }

    private FreeStatus free(long address, boolean threadStacks, StackCapture capture) {
        VmallocNode node = nodeOf(address);
        if (node == null) {
            return FreeStatus.INVALID_FREE;
        }
        StackRecord stack = depot.save(capture);
        QueuedBatch queued;
        node.lock();
        try {
            node.purgeDeferredLocked(false);
            VmallocArea area = node.freeLocked(address, threadStacks, stack);
            if (area == null) {
                return node.waitingLocked(address) ? FreeStatus.DOUBLE_FREE : FreeStatus.INVALID_FREE;
            }
            queued = node.batchLocked(area, quarantine.lazyMax());
        } finally {
            node.unlock();
        }
        if (queued != null) {
            List<QueuedBatch> evicted = quarantine.add(queued);
            if (!evicted.isEmpty()) {
                purgeEvicted(evicted, nodes[choice.get().index]);
            }
        }
        return FreeStatus.FREED;
    }

    /**
     * Purges batches that have left the quarantine: each goes to its node ({@link VmallocNode#defer}), and the
     * calling thread's own node is purged now, under its lock, lowest address first; every other node is purged
     * by the next thread that takes its lock, as the kernel purges each {@code vmap_node}'s lazy list on its own.
     */
    private void purgeEvicted(List<QueuedBatch> evicted, VmallocNode own) {
        for (QueuedBatch batch : evicted) {
            batch.node().defer(batch.areas());
        }
        own.lock();
        try {
            own.purgeDeferredLocked(false);
        } finally {
            own.unlock();
        }
        purges.incrementAndGet();
    }

    /** @return the end of the slice of {@code byAddress}, from {@code from}, that lies in {@code node} */
    private static int sliceEnd(List<VmallocArea> byAddress, int from, VmallocNode node) {
        int to = from;
        while (to < byAddress.size() && byAddress.get(to).start() < node.end()) {
            to++;
        }
        return to;
    }

    /**
     * Purges everything waiting, in the quarantine or left to a node, under each node's lock in turn, and gives
     * back the pages of every purged area whatever its size.
     */
    private void purgeAll() {
        List<VmallocArea> batched = new ArrayList<>();
        for (VmallocNode node : nodes) {
            node.lock();
            try {
                batched.addAll(Arrays.asList(node.takeBatchLocked()));
            } finally {
                node.unlock();
            }
        }
        List<VmallocArea> byAddress = quarantine.drain(batched);
        int from = 0;
        for (VmallocNode node : nodes) {
            int to = sliceEnd(byAddress, from, node);
            node.lock();
            try {
                node.purgeDeferredLocked(true);
                node.purgeLocked(byAddress, from, to, true);
            } finally {
                node.unlock();
            }
            from = to;
        }
        if (!byAddress.isEmpty()) {
            purges.incrementAndGet();
        }
    }

    /**
     * Purges every lazily freed area now ({@code purge_vmap_area_lazy}) and returns the physical pages of
     * all free space to the OS, including the data and shadow pages earlier purges kept.
     */
    public void purge() {
        purgeAll();
        for (VmallocNode node : nodes) {
            node.lock();
            try {
                node.discardFreeLocked();
            } finally {
                node.unlock();
            }
        }
    }

    /** @return the node whose zone holds {@code address}, or {@code null} outside the space */
    private VmallocNode nodeOf(long address) {
        if (address < spaceStart || address >= spaceEnd) {
            return null;
        }
        long k = (address - zoneBase) / zoneSize;
        return nodes[(int) Math.min(k, nodes.length - 1)];
    }

    /**
     * Finds the live or lazily freed area whose mapping ({@code [start, start + vmSize)}, guard included)
     * contains {@code address}.
     *
     * @param address any address
     * @return the area, or {@code null}
     */
    public VmallocArea areaContaining(long address) {
        return areaContaining(address, false);
    }

    /**
     * {@link #areaContaining} for the program's own poisoning ({@code Jkasan.poison}, {@code unpoison}): a live
     * area found is marked, under its node's lock, as no longer wholly accessible, so that it never becomes the
     * {@link CleanSpan} again; the shadow write that follows withdraws the span if it is that area.
     *
     * @param address any address
     * @return the area whose mapping contains it, or {@code null}
     */
    public VmallocArea areaForPoisoning(long address) {
        return areaContaining(address, true);
    }

    private VmallocArea areaContaining(long address, boolean poisoning) {
        VmallocNode node = nodeOf(address);
        if (node == null) {
            return null;
        }
        node.lock();
        try {
            VmallocArea area = node.areaContainingLocked(address);
            if (poisoning && area != null) {
                if (area.lazyShadow() != null && !area.isFreed()) {
                    area.lazyShadow().unpoisonAll();       // the program's values must not pass for stale ones
                }
                area.markUserPoisoned();
            }
            return area;
        } finally {
            node.unlock();
        }
    }

    /**
     * Unpoisons what {@code [address, address + size)} reaches of large live areas ({@link LazyShadow}) and no
     * access reached before: those of the area whose mapping holds its first byte and of the one
     * that holds its last. Called where the shadow has just answered "poisoned", before anything is reported,
     * and for the rows a report prints; the caller reads the shadow again afterwards, whatever this returns,
     * since another thread may have unpoisoned the page in between.
     *
     * @param address first byte of a range in the arena
     * @param size its length, positive
     * @return whether any shadow was written
     */
    public boolean materialize(long address, long size) {
        long end = address + size;
        boolean wrote = false;
        long probe = address;
        while (true) {
            VmallocNode node = nodeOf(probe);
            long areaEnd = -1;
            if (node != null) {
                node.lock();
                try {
                    VmallocArea area = node.liveAreaContainingLocked(probe);
                    if (area != null) {
                        areaEnd = area.end();
                        LazyShadow lazy = area.lazyShadow();
                        wrote |= lazy != null && lazy.unpoison(address, end);
                    }
                } finally {
                    node.unlock();
                }
            }
            if (probe == end - 1 || areaEnd >= end) {
                return wrote;
            }
            probe = end - 1;                                      // the last byte lies past that area, if any
        }
    }

    /**
     * Makes the requested bytes of the live area containing {@code address} the {@link CleanSpan}, if they are
     * all accessible ({@link VmallocArea#whollyAccessible}). Called from the check path, so it never waits: when
     * the node's lock is held it does nothing.
     *
     * @param address an address an access just found accessible
     */
    public void publishCleanSpan(long address) {
        VmallocNode node = nodeOf(address);
        if (node == null || !node.tryLock()) {
            return;
        }
        try {
            VmallocArea area = node.liveAreaContainingLocked(address);
            if (area != null && address - area.start() < area.size() && area.whollyAccessible()) {
                CleanSpan.publish(area.start(), area.size());
            }
        } finally {
            node.unlock();
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
        long from = Math.max(address, spaceStart);
        for (int k = 0; k < nodes.length; k++) {
            VmallocNode node = nodes[k];
            if (node.end() <= from) {
                continue;
            }
            if (node.start() - address > distance) {
                return null;
            }
            VmallocArea best;
            node.lock();
            try {
                best = node.areaAtOrAboveLocked(from);
            } finally {
                node.unlock();
            }
            if (best != null) {
                return best.start() - address <= distance ? best : null;
            }
        }
        return null;
    }

    /**
     * @param address a start address
     * @return the live area starting there, or {@code null}
     */
    public VmallocArea liveAreaAt(long address) {
        VmallocNode node = nodeOf(address);
        if (node == null) {
            return null;
        }
        node.lock();
        try {
            return node.liveAreaAtLocked(address);
        } finally {
            node.unlock();
        }
    }

    /**
     * Cuts the allocations here, for leak checks between two points: each node's block of sequence numbers is
     * closed under its lock, so an area allocated once this returns is numbered above the cut, and every area
     * allocated before it at or below.
     *
     * @return the cut: how many areas were allocated before it, and the last sequence number handed out
     */
    public AllocationCut mark() {
        long count = 0;
        for (VmallocNode node : nodes) {
            node.lock();
            try {
                count += node.closeNumbersLocked();
            } finally {
                node.unlock();
            }
        }
        return new AllocationCut(count, order.handedOut());
    }

    /**
     * Finds the freed areas, not purged yet, whose mappings overlap {@code [from, to)}: what tells a report's
     * shadow which poisoned granules belong to freed areas (their shadow is not rewritten at purge).
     *
     * @param from first address
     * @param to end address
     * @return the areas, in no order
     */
    public List<VmallocArea> waitingAreasOverlapping(long from, long to) {
        List<VmallocArea> found = new ArrayList<>();
        for (VmallocNode node : nodes) {
            if (node.end() <= from || node.start() >= to) {
                continue;
            }
            node.lock();
            try {
                node.waitingOverlappingLocked(from, to, found);
            } finally {
                node.unlock();
            }
        }
        return found;
    }

    /** @return the live areas, lowest address first */
    public List<VmallocArea> liveAreas() {
        List<VmallocArea> all = new ArrayList<>();
        for (VmallocNode node : nodes) {
            node.lock();
            try {
                node.liveAreasLocked(all);
            } finally {
                node.unlock();
            }
        }
        return all;
    }

    /**
     * Changes the purge threshold (tests and benchmarks).
     *
     * @param bytes the new {@code lazy_max}
     */
    public void setLazyMax(long bytes) {
        quarantine.setLazyMax(bytes);
    }

    /** @return the current statistics, node by node (not one atomic snapshot while other threads allocate) */
    public Stats stats() {
        long liveAreas = 0;
        long liveBytes = 0;
        long freeBytes = 0;
        long freeBlocks = 0;
        long purgedAreas = 0;
        long batchedAreas = 0;
        long batchedBytes = 0;
        for (VmallocNode node : nodes) {
            node.lock();
            try {
                purgedAreas += node.purgedAreasLocked();
                batchedAreas += node.batchedAreasLocked();
                batchedBytes += node.batchedBytesLocked();
                liveAreas += node.liveAreaCountLocked();
                liveBytes += node.liveBytesLocked();
                freeBytes += node.freeBytesLocked();
                freeBlocks += node.freeBlocksLocked();
            } finally {
                node.unlock();
            }
        }
        return new Stats(liveAreas, liveBytes, quarantine.areas() + batchedAreas,
                quarantine.bytes() + batchedBytes, purges.get(),
                purgedAreas, shadowPages.count(), freeBytes, freeBlocks, quarantine.lazyMax());
    }

    /** @return the first address of the space */
    public long start() {
        return spaceStart;
    }

    /** @return the end of the space */
    public long end() {
        return spaceEnd;
    }

    /** The node a thread allocates in. */
    private static final class NodeChoice {
        int index;
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
        /** Freed areas waiting in the quarantine. */
        public final long lazyAreas;
        /** Bytes waiting in the quarantine: each area's pages without its guard page ({@link Quarantine#cost}). */
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
