package io.jkasan.runtime.alloc;

import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * The shadow of a large area's requested bytes, unpoisoned one chunk at a time, when an access first reaches
 * the chunk, instead of all at once at allocation.
 *
 * <p>The kernel's {@code kasan_unpoison_vmalloc} writes the shadow of every requested byte at {@code vmalloc},
 * and {@code kasan_poison_vmalloc} all of it again at {@code vfree}: an eighth of the area, twice. Here the
 * shadow of an address is written a quarantine after it was last used (512 MiB of frees by default), so both
 * writes miss every cache; for an area of a few hundred KiB that the program touches in one place, they were
 * most of an allocation's cost (docs/performance.md, section 2, "Large areas' shadow written where it is
 * used"). Nothing a report or a check answers changes:
 * <ul>
 *   <li>Before its chunk is unpoisoned, a requested byte's stored shadow is a poison value (a free leaves
 *       {@code ff} over every chunk it unpoisoned, a purge or a released shadow page {@code f8}), so its first
 *       access fails the inline check and takes the slow path. There, before anything is reported, the chunks
 *       of the live area that the access reaches are unpoisoned under the node's lock
 *       ({@link VmallocSpace#materialize}) and the check is made again.</li>
 *   <li>A report unpoisons the chunks around the bad address before it copies the shadow, so the rows it prints
 *       are the ones eager unpoisoning would have left.</li>
 *   <li>The free poisons the chunks that were unpoisoned and withdraws the {@link CleanSpan} from the whole
 *       area; the rest still holds a poison value, which reports read as the freed area's ({@code AreaPoison}).</li>
 *   <li>The program's own {@code poison} or {@code unpoison} of the area unpoisons every chunk first, so its
 *       values are never taken for stale ones.</li>
 * </ul>
 * A chunk is one shadow page: 32 KiB of the area. A program that touches all of an area pays one slow path
 * per chunk (one lock, one tree lookup) on top of the same shadow writes.
 *
 * <p>Chunks are changed under the lock of the node the area lies in.
 */
final class LazyShadow {
    /** Bytes of area per chunk: the memory one 4 KiB shadow page describes. */
    static final long CHUNK = ShadowMapping.SHADOW_PAGE_COVERAGE;

    private final long start;
    private final long size;
    /** Bit {@code c} set: chunk {@code c} is unpoisoned. */
    private final long[] unpoisoned;

    /**
     * @param start the area's first byte
     * @param size its requested bytes, more than one {@link #CHUNK}
     */
    LazyShadow(long start, long size) {
        this.start = start;
        this.size = size;
        this.unpoisoned = new long[(int) ((chunks(size) + 63) >>> 6)];
    }

    /**
     * @param size the requested bytes
     * @param kind what the area is for
     * @return whether an area's shadow is unpoisoned lazily: more than one chunk, and not a thread stack (whose
     *     frames write its shadow all the time)
     */
    static boolean appliesTo(long size, VmallocArea.Kind kind) {
        return size > CHUNK && kind != VmallocArea.Kind.THREAD_STACK;
    }

    private static long chunks(long size) {
        return (size + CHUNK - 1) / CHUNK;
    }

    /**
     * Unpoisons each chunk of requested bytes that {@code [from, to)} reaches and no access reached before.
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
        boolean wrote = false;
        for (long c = (first - start) / CHUNK; c <= (last - start) / CHUNK; c++) {
            if (!isUnpoisoned(c)) {
                long chunkStart = start + c * CHUNK;
                ShadowMemory.unpoison(chunkStart, Math.min(CHUNK, start + size - chunkStart));
                unpoisoned[(int) (c >>> 6)] |= 1L << c;
                wrote = true;
            }
        }
        return wrote;
    }

    /** Unpoisons every chunk that is not yet. */
    void unpoisonAll() {
        unpoison(start, start + size);
    }

    /**
     * Poisons the unpoisoned chunks as freed ({@code kasan_poison_vmalloc}) and withdraws the {@link CleanSpan}
     * from the whole area, since the chunks left alone are not written.
     */
    void poisonFreed() {
        CleanSpan.withdrawOverlapping(start, size);
        for (long c = 0; c < chunks(size); c++) {
            if (isUnpoisoned(c)) {
                long chunkStart = start + c * CHUNK;
                ShadowMemory.fill(chunkStart, Math.min(CHUNK, start + size - chunkStart), ShadowBytes.VMALLOC_FREED);
            }
        }
    }

    /**
     * @param c a chunk index
     * @return whether it is unpoisoned (for tests)
     */
    boolean isUnpoisoned(long c) {
        return (unpoisoned[(int) (c >>> 6)] & (1L << c)) != 0;
    }
}
