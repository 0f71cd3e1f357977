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
 * Areas arrive and leave in their nodes' batches ({@link QueuedBatch}), as KASAN moves per-CPU lists into its
 * global quarantine and {@code quarantine_reduce} takes the oldest batch out: the lock is held to link and
 * unlink batches and never reads an area, and an evicted batch is purged by its own node. Eviction stops at a
 * batch's end, so an area stays poisoned through {@code 7/8 lazy_max} of later frees less at most one batch
 * (1 MiB, or {@code lazy_max / 256} for a small quarantine, whose batches then hold one area each and leave
 * exactly as single areas would).
 */
final class Quarantine {
    /**
     * A purge triggered by a free evicts the oldest batches until at most {@code lazyMax - lazyMax/8} bytes
     * wait, so that one purge (and its one free-tree merge and {@code madvise} per run) serves many frees.
     * ASan recycles its quarantine down to 90% of its size the same way ({@code sanitizer_quarantine.h}).
     */
    static final int EVICTION_SHIFT = 3;

    private final ArrayDeque<QueuedBatch> queue = new ArrayDeque<>();
    private volatile long lazyMax;
    private long bytes;
    private int areas;

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
     * Queues a node's batch of freed areas; when more than {@code lazy_max} bytes then wait, takes the oldest
     * batches out until at most {@code 7/8 lazy_max} wait.
     *
     * @param batch freed areas of one node, oldest first
     * @return the batches to purge now, oldest first, usually none
     */
    List<QueuedBatch> add(QueuedBatch batch) {
        synchronized (this) {
            queue.addLast(batch);
            bytes += batch.bytes();
            areas += batch.count();
            long max = lazyMax;
            if (bytes <= max) {
                return Collections.emptyList();
            }
            List<QueuedBatch> evicted = new ArrayList<>();
            long keep = max - (max >>> EVICTION_SHIFT);
            while (bytes > keep && !queue.isEmpty()) {
                QueuedBatch oldest = queue.pollFirst();
                bytes -= oldest.bytes();
                areas -= oldest.count();
                evicted.add(oldest);
            }
            return evicted;
        }
    }

    /**
     * @param batched areas freed but not queued yet (the nodes' batches)
     * @return every waiting area and every batched one, lowest address first; the quarantine is then empty
     */
    List<VmallocArea> drain(List<VmallocArea> batched) {
        List<VmallocArea> all = new ArrayList<>();
        synchronized (this) {
            for (QueuedBatch batch : queue) {
                all.addAll(batch.areas());
            }
            queue.clear();
            bytes = 0;
            areas = 0;
        }
        all.addAll(batched);
        all.sort(BY_ADDRESS);
        return all;
    }

    /** Orders areas by start address; a named class because the runtime avoids lambdas. */
    static final Comparator<VmallocArea> BY_ADDRESS = new Comparator<VmallocArea>() {
        @Override
        public int compare(VmallocArea a, VmallocArea b) {
            return Long.compareUnsigned(a.start(), b.start());
        }
    };

    synchronized int areas() {
        return areas;
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
