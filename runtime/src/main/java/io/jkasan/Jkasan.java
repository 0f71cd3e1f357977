package io.jkasan;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.check.MemoryPoison;
import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.state.RuntimeState;
import java.util.List;
import java.util.function.Consumer;

/**
 * jkasan's public API (docs/usage.md, "Public API"): manual poisoning for custom allocators and pools, reports as data with a
 * listener hook, and statistics.
 *
 * <pre>
 *   long chunk = pool.take();
 *   Jkasan.unpoison(chunk, 64);       // hand out 64 bytes
 *   ...
 *   Jkasan.poison(chunk, 64);         // back in the pool: any access reports use-after-poison
 * </pre>
 */
public final class Jkasan {
    private Jkasan() {
    }

    /**
     * Poisons {@code [address, address + size)}, rounded out to whole 8-byte granules, so that any checked
     * access reports {@code use-after-poison} (ASan's {@code ASAN_POISON_MEMORY_REGION}).
     *
     * @param address 8-byte aligned address inside a live area jkasan allocated
     * @param size bytes, not beyond the area's requested size
     * @throws IllegalArgumentException if the range is not inside one live area or is misaligned
     */
    public static void poison(long address, long size) {
        requireLiveRange(address, size);
        ShadowMemory.fill(address, size, ShadowBytes.USER_POISONED);
    }

    /**
     * Makes exactly {@code size} bytes at {@code address} accessible again (ASan's
     * {@code ASAN_UNPOISON_MEMORY_REGION}); a partial last granule is encoded exactly.
     *
     * @param address 8-byte aligned address inside a live area jkasan allocated
     * @param size bytes, not beyond the area's requested size
     * @throws IllegalArgumentException if the range is not inside one live area or is misaligned
     */
    public static void unpoison(long address, long size) {
        requireLiveRange(address, size);
        ShadowMemory.unpoison(address, size);
    }

    /**
     * @param address any address
     * @return whether a 1-byte access there would be reported
     */
    public static boolean isPoisoned(long address) {
        return ShadowMapping.inArena(address)
                && MemoryPoison.poisoned1(address);
    }

    private static void requireLiveRange(long address, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("jkasan: negative size " + size);
        }
        if ((address & ShadowBytes.GRANULE_MASK) != 0) {
            throw new IllegalArgumentException("jkasan: address " + Long.toHexString(address)
                    + " is not 8-byte aligned (shadow granularity)");
        }
        VmallocArea area = ShadowMapping.inArena(address) ? RuntimeState.space().areaContaining(address) : null;
        if (area == null || area.isFreed()) {
            throw new IllegalArgumentException("jkasan: address " + Long.toHexString(address)
                    + " is not inside a live allocation made by jkasan");
        }
        if (address + size > area.start() + area.size()) {
            throw new IllegalArgumentException("jkasan: range [" + Long.toHexString(address) + ", +" + size
                    + ") ends past the " + area.size() + "-byte allocation at " + Long.toHexString(area.start()));
        }
    }

    /** @return every report made so far, oldest first, printed or not */
    public static List<KasanReport> reports() {
        return RuntimeState.reporter().reports();
    }

    /** Forgets the recorded reports (for test harnesses between tests). */
    public static void clearReports() {
        RuntimeState.reporter().clearReports();
    }

    /** @param listener called on the reporting thread after each report */
    public static void addReportListener(Consumer<KasanReport> listener) {
        RuntimeState.reporter().addListener(listener);
    }

    /** @param listener a listener added before */
    public static void removeReportListener(Consumer<KasanReport> listener) {
        RuntimeState.reporter().removeListener(listener);
    }

    /** @return the current counters */
    public static KasanStatistics statistics() {
        VmallocSpace.Stats s = RuntimeState.space().stats();
        return new KasanStatistics(s.liveAreas, s.liveBytes, s.lazyAreas, s.lazyBytes, s.purges, s.shadowPages,
                RuntimeState.reporter().count(), ShadowMapping.ARENA_SIZE, UnbridgedCallSites.count());
    }

    /** Purges every lazily freed area now: their address space and shadow become reusable. */
    public static void purge() {
        RuntimeState.space().purge();
    }
}
