package io.jkasan.runtime.alloc;

import java.util.Arrays;
import java.util.List;

/**
 * A node's {@link FreedBatch} as the {@link Quarantine} holds it: the areas, oldest first, the node they lie in
 * and their bytes, counted once when the batch is queued. The quarantine queues, counts and evicts whole batches,
 * as KASAN's {@code quarantine_reduce} takes its oldest batch (mm/kasan/quarantine.c), so its lock never reads
 * an area record, and an evicted batch goes to its own node to be purged there.
 */
final class QueuedBatch {
    private final VmallocNode node;
    private final VmallocArea[] areas;
    private final long bytes;

    /**
     * @param node the node every area lies in
     * @param areas freed areas of that node, oldest first
     */
    QueuedBatch(VmallocNode node, VmallocArea[] areas) {
        this.node = node;
        this.areas = areas;
        long sum = 0;
        for (VmallocArea area : areas) {
            sum += Quarantine.cost(area);
        }
        this.bytes = sum;
    }

    /** @return the node the areas lie in */
    VmallocNode node() {
        return node;
    }

    /** @return the areas, oldest first */
    List<VmallocArea> areas() {
        return Arrays.asList(areas);
    }

    /** @return how many areas the batch holds */
    int count() {
        return areas.length;
    }

    /** @return their bytes, as the quarantine counts them ({@link Quarantine#cost}) */
    long bytes() {
        return bytes;
    }
}
