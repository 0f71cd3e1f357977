package io.jkasan.runtime.alloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The freed areas waiting to be purged, oldest first, across all nodes: one FIFO with one byte count, so a
 * freed area stays poisoned through {@code 7/8 lazy_max} of later frees whichever thread or node frees them, as
 * ASan's global quarantine ({@code sanitizer_quarantine.h}) and KASAN's ({@code mm/kasan/quarantine.c}) are.
 * Its lock is held only to queue and dequeue; the areas it gives back are purged under their nodes' locks.
 */
final class Quarantine {
    /**
     * A purge triggered by a free evicts the oldest areas until at most {@code lazyMax - lazyMax/8} bytes
     * wait, so that one purge (and its one free-tree merge and {@code madvise} per run) serves many frees.
     * ASan recycles its quarantine down to 90% of its size the same way ({@code sanitizer_quarantine.h}).
     */
    static final int EVICTION_SHIFT = 3;

    private final ArrayDeque<VmallocArea> queue = new ArrayDeque<>();
    private volatile long lazyMax;
    private long bytes;

    /** @param lazyMax bytes that may wait before the oldest areas are evicted */
    Quarantine(long lazyMax) {
        this.lazyMax = lazyMax;
    }

    /**
     * What a freed area costs while it waits: the pages that back its requested bytes, which stay resident so
     * that a use-after-free read still sees the old bytes. Its guard page is address space only, never touched;
     * the shadow of both adds an eighth (docs/design.md, "The vmalloc space").
     *
     * @param area a freed area
     * @return its bytes in the quarantine's count
     */
    static long cost(VmallocArea area) {
        return area.vmSize() - VmallocSpace.PAGE;
    }

    /**
     * Queues freed areas, oldest first (a node's {@link FreedBatch}); when more than {@code lazy_max} bytes then
     * wait, takes the oldest out until {@code 7/8 lazy_max} wait.
     *
     * @param areas freed areas, oldest first
     * @return the areas to purge now, lowest address first (adjacent ones then merge into one run), usually none
     */
    List<VmallocArea> add(VmallocArea[] areas) {
        List<VmallocArea> evicted = new ArrayList<>();
        synchronized (this) {
            for (VmallocArea area : areas) {
                queue.addLast(area);
                bytes += cost(area);
            }
            long max = lazyMax;
            if (bytes <= max) {
                return Collections.emptyList();
            }
            long keep = max - (max >>> EVICTION_SHIFT);
            while (bytes > keep && !queue.isEmpty()) {
                VmallocArea oldest = queue.pollFirst();
                bytes -= cost(oldest);
                evicted.add(oldest);
            }
        }
        evicted.sort(BY_ADDRESS);
        return evicted;
    }

    /**
     * @param batched areas freed but not queued yet (the nodes' batches)
     * @return every waiting area and every batched one, lowest address first; the quarantine is then empty
     */
    List<VmallocArea> drain(List<VmallocArea> batched) {
        List<VmallocArea> all;
        synchronized (this) {
            all = new ArrayList<>(queue);
            queue.clear();
            bytes = 0;
        }
        all.addAll(batched);
        all.sort(BY_ADDRESS);
        return all;
    }

    /** Orders areas by start address; a named class because the runtime avoids lambdas. */
    private static final Comparator<VmallocArea> BY_ADDRESS = new Comparator<VmallocArea>() {
        @Override
        public int compare(VmallocArea a, VmallocArea b) {
            return Long.compareUnsigned(a.start(), b.start());
        }
    };

    synchronized int areas() {
        return queue.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    long lazyMax() {
        return lazyMax;
    }

    void setLazyMax(long bytes) {
        this.lazyMax = bytes;
    }
}
