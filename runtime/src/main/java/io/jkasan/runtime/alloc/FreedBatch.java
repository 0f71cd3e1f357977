package io.jkasan.runtime.alloc;

import java.util.Arrays;
import jdk.internal.vm.annotation.Contended;

/**
 * One node's freed areas on their way to the {@link Quarantine}, which takes them a batch at a time, as KASAN
 * puts a freed object on its CPU's own list and moves that list to the global quarantine once it holds
 * {@code QUARANTINE_PERCPU_SIZE} bytes ({@code quarantine_put}, mm/kasan/quarantine.c): the quarantine's lock,
 * which every thread's frees shared, is then taken once per batch instead of once per free. An area in the batch
 * is freed, poisoned and found by double-free checks and reports exactly as one in the quarantine; it only joins
 * the quarantine's order later, so it waits longer before it is purged, never less. Guarded by the node's lock.
 *
 * <p>Padded ({@link Contended}): the thread working in its node writes it on every allocation or free, and it
 * must share no cache line with the other nodes' state (docs/design.md, "Padded allocator state").
 */
@Contended
final class FreedBatch {
    /** The most areas a batch holds. */
    static final int MAX_AREAS = 64;
    /** The most bytes ({@link Quarantine#cost}) a batch holds: KASAN's {@code QUARANTINE_PERCPU_SIZE}. */
    static final long MAX_BYTES = 1L << 20;
    /**
     * A batch holds at most this fraction of the quarantine's bytes, so that a small quarantine (a test's
     * {@code lazy_max} of a few pages) takes each area at once, its order and purges exactly as without batches.
     */
    static final int MIN_BATCHES_IN_QUARANTINE = 256;

    private final VmallocArea[] areas = new VmallocArea[MAX_AREAS];
    private int count;
    private long bytes;

    /**
     * Adds a freed area; when the batch then holds 64 areas, or 1 MiB or 1/256 of {@code lazyMax}, whichever is
     * less, hands back every area it holds, oldest first, and empties.
     *
     * @param area the area just freed
     * @param lazyMax the quarantine's size in bytes
     * @return the areas to queue now, or {@code null} while the batch fills
     */
    VmallocArea[] add(VmallocArea area, long lazyMax) {
        long limit = Math.min(MAX_BYTES, lazyMax / MIN_BATCHES_IN_QUARANTINE);
        areas[count++] = area;
        bytes += Quarantine.cost(area);
        if (count < MAX_AREAS && bytes < limit) {
            return null;
        }
        return takeAll();
    }

    /** @return every area the batch holds, oldest first; the batch is then empty */
    VmallocArea[] takeAll() {
        VmallocArea[] out = Arrays.copyOf(areas, count);
        Arrays.fill(areas, 0, count, null);
        count = 0;
        bytes = 0;
        return out;
    }

    /** @return the areas waiting in the batch */
    int count() {
        return count;
    }

    /** @return their bytes, as the quarantine counts them */
    long bytes() {
        return bytes;
    }
}
